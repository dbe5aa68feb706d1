using MediatR;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Auth.Commands.Register;

internal sealed class RegisterUserCommandHandler(IUserRepository users, IPasswordHasher hasher, IAuditLog auditLog, TimeProvider clock)
    : IRequestHandler<RegisterUserCommand, Result<UserDto>>
{
    public async Task<Result<UserDto>> Handle(RegisterUserCommand request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var user = User.Register(
            Guid.CreateVersion7(now),
            Username.Create(request.Username).Value,
            EmailAddress.Create(request.Email).Value,
            hasher.Hash(request.Password),
            UserRole.User,
            now);

        var added = await users.AddAsync(user, cancellationToken);
        if (added.IsFailure)
        {
            return added.Error;
        }

        var dto = UserDto.From(user);
        await auditLog.RecordAsync(new AuditEntry("user.registered", "user", user.Id.ToString(), After: dto, SubjectUserId: user.Id), cancellationToken);
        return dto;
    }
}
