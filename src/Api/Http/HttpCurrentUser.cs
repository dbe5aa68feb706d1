using System.Diagnostics;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Users;

namespace PortfolioTracker.Api.Http;

/// <summary>The caller of the current HTTP request, from the validated access token.</summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    /// <summary>The authenticated caller once read (claims do not change within a request; an anonymous one is read again).</summary>
    private (Guid Id, bool IsAdmin)? known;

    public Guid? UserId => Authenticated()?.Id;

    public bool IsAdmin => Authenticated()?.IsAdmin ?? false;

    public string? ClientIp => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string? TraceId => Activity.Current?.TraceId.ToHexString() ?? accessor.HttpContext?.TraceIdentifier;

    private (Guid Id, bool IsAdmin)? Authenticated()
    {
        if (known is null
            && accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user
            && Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id))
        {
            known = (id, user.IsInRole(UserRoleNames.Admin));
        }

        return known;
    }
}
