using System.Diagnostics;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Users;

namespace PortfolioTracker.Api.Http;

/// <summary>The caller of the current HTTP request, from the validated access token.</summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public Guid? UserId
    {
        get
        {
            var user = accessor.HttpContext?.User;
            return user?.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id)
                ? id
                : null;
        }
    }

    public bool IsAdmin => UserId is not null && accessor.HttpContext!.User.IsInRole(UserRoleNames.Admin);

    public string? ClientIp => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string? TraceId => Activity.Current?.TraceId.ToHexString() ?? accessor.HttpContext?.TraceIdentifier;
}
