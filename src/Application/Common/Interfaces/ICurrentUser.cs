using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Interfaces;

/// <summary>The caller of the current request and where it comes from.</summary>
public interface ICurrentUser
{
    /// <summary>The authenticated user's id, or null for an anonymous caller.</summary>
    Guid? UserId { get; }

    bool IsAdmin { get; }

    /// <summary>The caller's IP address as seen after trusted proxies, when known.</summary>
    string? ClientIp { get; }

    /// <summary>The W3C trace id of the current request, when known.</summary>
    string? TraceId { get; }

    /// <summary>The authenticated caller; throws for an anonymous request (an endpoint wiring bug).</summary>
    Actor Actor => UserId is { } id
        ? new Actor(id, IsAdmin)
        : throw new InvalidOperationException("This operation needs an authenticated caller.");
}
