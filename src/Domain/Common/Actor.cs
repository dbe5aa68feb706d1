namespace PortfolioTracker.Domain.Common;

/// <summary>Who performs an operation: the authenticated user and whether they hold the admin role.</summary>
public sealed record Actor(Guid UserId, bool IsAdmin)
{
    /// <summary>True when the actor may see or change something owned by <paramref name="ownerId"/>.</summary>
    public bool CanAccess(Guid ownerId) => IsAdmin || UserId == ownerId;
}
