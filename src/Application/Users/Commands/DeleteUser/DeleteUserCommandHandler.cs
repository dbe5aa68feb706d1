using MediatR;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Users.Commands.DeleteUser;

/// <summary>Soft-deletes a user and ends all their sessions; their ledger history stays intact.</summary>
internal sealed class DeleteUserCommandHandler(
    IUserRepository users,
    IRefreshTokenRepository refreshTokens,
    ICurrentUser currentUser,
    IUserSessions sessions,
    IUnitOfWork unitOfWork,
    IAuditLog auditLog,
    TimeProvider clock) : IRequestHandler<DeleteUserCommand, Result>
{
    public async Task<Result> Handle(DeleteUserCommand request, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdForUpdateAsync(request.UserId, cancellationToken);
        if (user is null || !user.IsVisibleTo(currentUser.Actor))
        {
            return UserErrors.NotFound;
        }

        var before = UserDto.From(user);
        var loadedVersion = user.Version;
        var now = clock.UtcNow();
        user.Delete(now);
        var saved = await users.UpdateAsync(user, loadedVersion, cancellationToken);
        if (saved.IsFailure)
        {
            return saved.Error;
        }

        await refreshTokens.RevokeAllOfUserAsync(user.Id, now, cancellationToken);
        await auditLog.RecordAsync(new AuditEntry("user.deleted", "user", user.Id.ToString(), Before: before, SubjectUserId: user.Id), cancellationToken);
        unitOfWork.OnCommitted(() => sessions.Invalidate(user.Id));
        return Result.Success();
    }
}
