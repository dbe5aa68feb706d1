using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Time;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.Auth.Commands.Login;

internal sealed class LoginCommandHandler(
    IUserRepository users,
    IPasswordHasher hasher,
    TokenPairIssuer issuer,
    TimeProvider clock) : IRequestHandler<LoginCommand, Result<TokenPairDto>>
{
    public async Task<Result<TokenPairDto>> Handle(LoginCommand request, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(EmailAddress.Normalize(request.Email), cancellationToken);
        if (user is null)
        {
            hasher.VerifyAgainstDummy(request.Password);
            return UserErrors.InvalidCredentials;
        }

        var check = hasher.Verify(user.PasswordHash, request.Password);
        if (check == PasswordCheck.Failed)
        {
            return UserErrors.InvalidCredentials;
        }

        if (check == PasswordCheck.SucceededRehashNeeded)
        {
            // Best effort: if the user changed concurrently the old hash stays, is still valid, and is upgraded next time.
            var loadedVersion = user.Version;
            user.UpgradePasswordHash(hasher.Hash(request.Password));
            _ = await users.UpdateAsync(user, loadedVersion, cancellationToken);
        }

        return await issuer.StartSessionAsync(user, clock.UtcNow(), cancellationToken);
    }
}
