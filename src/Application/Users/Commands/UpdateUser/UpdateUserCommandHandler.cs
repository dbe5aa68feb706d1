using MediatR;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Users.Commands.UpdateUser;

internal sealed class UpdateUserCommandHandler(
    IUserRepository users,
    ICurrentUser currentUser,
    IUserSessions sessions,
    IUnitOfWork unitOfWork,
    IAuditLog auditLog,
    TimeProvider clock) : IRequestHandler<UpdateUserCommand, Result<UserDto>>
{
    public async Task<Result<UserDto>> Handle(UpdateUserCommand request, CancellationToken cancellationToken)
    {
        var actor = currentUser.Actor;
        var user = await users.FindByIdForUpdateAsync(request.UserId, cancellationToken);
        if (user is null || !user.IsVisibleTo(actor))
        {
            return UserErrors.NotFound;
        }

        if (request.IfMatch is { } precondition && !precondition.Matches(user.Version))
        {
            return UserErrors.VersionMismatch;
        }

        var before = UserDto.From(user);
        var loadedVersion = user.Version;
        UserRole? role = UserRoleNames.TryParse(request.Role, out var parsed) ? parsed : null;
        var updated = user.Update(
            Username.Create(request.Username).Value,
            EmailAddress.Create(request.Email).Value,
            role,
            actor,
            clock.UtcNow());
        if (updated.IsFailure)
        {
            return updated.Error;
        }

        if (user.Version == loadedVersion)
        {
            return before;
        }

        var saved = await users.UpdateAsync(user, loadedVersion, cancellationToken);
        if (saved.IsFailure)
        {
            return saved.Error;
        }

        var after = UserDto.From(user);
        await auditLog.RecordAsync(new AuditEntry("user.updated", "user", user.Id.ToString(), Before: before, After: after, SubjectUserId: user.Id), cancellationToken);
        unitOfWork.OnCommitted(() => sessions.Invalidate(user.Id));
        return after;
    }
}
