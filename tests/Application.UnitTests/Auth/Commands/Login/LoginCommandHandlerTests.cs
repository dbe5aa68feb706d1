using NSubstitute;
using PortfolioTracker.Application.Auth;
using PortfolioTracker.Application.Auth.Commands.Login;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.Auth.Commands.Login;

public class LoginCommandHandlerTests
{
    private const string Password = "Password1";
    private static readonly RefreshSecret Secret = new("refresh-secret", "refresh-secret-hash");

    private readonly IUserRepository users = Substitute.For<IUserRepository>();
    private readonly IRefreshTokenRepository refreshTokens = Substitute.For<IRefreshTokenRepository>();
    private readonly IPasswordHasher hasher = Substitute.For<IPasswordHasher>();
    private readonly ITokenService tokens = TokenServices.Create(Secret);
    private readonly FakeTimeProvider clock = new();
    private readonly User user = new UserBuilder().WithEmail("alice@example.com").WithPasswordHash("stored-hash").WithVersion(3).Build();
    private readonly LoginCommandHandler handler;

    public LoginCommandHandlerTests()
    {
        users.FindByEmailAsync("alice@example.com", Arg.Any<CancellationToken>()).Returns(user);
        users.UpdateAsync(Arg.Any<User>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Result.Success());
        hasher.Verify("stored-hash", Password).Returns(PasswordCheck.Succeeded);
        handler = new LoginCommandHandler(users, hasher, new TokenPairIssuer(tokens, refreshTokens), clock);
    }

    [Fact]
    public async Task Handle_WhenEmailIsUnknown_ReturnsInvalidCredentialsAfterADummyVerification()
    {
        var result = await handler.Handle(new LoginCommand("nobody@example.com", Password), CancellationToken.None);

        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBe(UserErrors.InvalidCredentials);
        hasher.Received(1).VerifyAgainstDummy(Password);
        hasher.DidNotReceiveWithAnyArgs().Verify(default!, default!);
        await refreshTokens.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
        tokens.DidNotReceiveWithAnyArgs().IssueAccessToken(default!);
    }

    [Fact]
    public async Task Handle_WhenEmailDiffersOnlyInCase_FindsTheUserByTheNormalizedAddress()
    {
        var result = await handler.Handle(new LoginCommand("Alice@EXAMPLE.com", Password), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        await users.Received(1).FindByEmailAsync("alice@example.com", Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenPasswordIsWrong_ReturnsInvalidCredentialsAndIssuesNothing()
    {
        hasher.Verify("stored-hash", "Wrong1234").Returns(PasswordCheck.Failed);

        var result = await handler.Handle(new LoginCommand("alice@example.com", "Wrong1234"), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.InvalidCredentials);
        hasher.DidNotReceiveWithAnyArgs().VerifyAgainstDummy(default!);
        await users.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
        await refreshTokens.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
        tokens.DidNotReceiveWithAnyArgs().IssueAccessToken(default!);
    }

    [Fact]
    public async Task Handle_WhenHashNeedsRehash_StoresAFreshHashAgainstTheLoadedVersion()
    {
        hasher.Verify("stored-hash", Password).Returns(PasswordCheck.SucceededRehashNeeded);
        hasher.Hash(Password).Returns("fresh-hash");

        var result = await handler.Handle(new LoginCommand("alice@example.com", Password), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        await users.Received(1).UpdateAsync(Arg.Is<User>(u => u.Id == user.Id && u.PasswordHash == "fresh-hash"), 3, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenHashIsCurrent_DoesNotStoreTheUser()
    {
        await handler.Handle(new LoginCommand("alice@example.com", Password), CancellationToken.None);

        await users.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
        hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Fact]
    public async Task Handle_WhenCredentialsAreRight_StartsANewRefreshTokenFamily()
    {
        RefreshToken? stored = null;
        await refreshTokens.AddAsync(Arg.Do<RefreshToken>(t => stored = t), Arg.Any<CancellationToken>());

        await handler.Handle(new LoginCommand("alice@example.com", Password), CancellationToken.None);

        stored.ShouldNotBeNull();
        stored.UserId.ShouldBe(user.Id);
        stored.TokenHash.ShouldBe(Secret.Hash);
        stored.FamilyId.ShouldBe(stored.Id);
        stored.CreatedAt.ShouldBe(clock.TruncatedNow);
        stored.ExpiresAt.ShouldBe(clock.TruncatedNow + TokenServices.RefreshLifetime);
        stored.UsedAt.ShouldBeNull();
        stored.RevokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Handle_WhenCredentialsAreRight_ReturnsABearerPairWithTheUser()
    {
        var result = await handler.Handle(new LoginCommand("alice@example.com", Password), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        result.Value.ShouldBe(new TokenPairDto(
            TokenServices.AccessTokenFor(user),
            Secret.Token,
            "Bearer",
            TokenServices.AccessTokenSeconds,
            UserDto.From(user)));
    }
}
