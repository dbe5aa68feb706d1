using NSubstitute;
using PortfolioTracker.Application.Auth;
using PortfolioTracker.Application.Auth.Commands.Refresh;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.Auth.Commands.Refresh;

public class RefreshTokensCommandHandlerTests
{
    private const string Presented = "presented-refresh-token";
    private static readonly RefreshSecret Secret = new("next-refresh-secret", "next-refresh-hash");

    private readonly IRefreshTokenRepository refreshTokens = Substitute.For<IRefreshTokenRepository>();
    private readonly IUserRepository users = Substitute.For<IUserRepository>();
    private readonly ITokenService tokens = TokenServices.Create(Secret);
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly FakeTimeProvider clock = new();
    private readonly User user = new UserBuilder().Build();
    private readonly List<Func<CancellationToken, Task>> rolledBackActions = [];
    private readonly RefreshTokensCommandHandler handler;

    public RefreshTokensCommandHandlerTests()
    {
        users.FindByIdForUpdateAsync(user.Id, Arg.Any<CancellationToken>()).Returns(user);
        unitOfWork.OnRolledBack(Arg.Do<Func<CancellationToken, Task>>(rolledBackActions.Add));
        handler = new RefreshTokensCommandHandler(refreshTokens, users, tokens, new TokenPairIssuer(tokens, refreshTokens), unitOfWork, clock);
    }

    [Fact]
    public async Task Handle_WhenTokenIsUnknown_ReturnsInvalidRefreshTokenAndWritesNothing()
    {
        var result = await handler.Handle(new RefreshTokensCommand(Presented), CancellationToken.None);

        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBe(UserErrors.InvalidRefreshToken);
        await refreshTokens.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
        await refreshTokens.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default);
        rolledBackActions.ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenCalled_LooksTheTokenUpByItsHash()
    {
        await handler.Handle(new RefreshTokensCommand(Presented), CancellationToken.None);

        await refreshTokens.Received(1).FindByHashForUpdateAsync(TokenServices.HashOf(Presented), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTokenWasAlreadyUsed_ReturnsRefreshTokenReusedAndRevokesTheFamilyAfterRollback()
    {
        var familyId = Guid.NewGuid();
        var used = Stored(t => t.WithFamilyId(familyId).UsedAt(clock.TruncatedNow.AddMinutes(-5)));
        using var cancellation = new CancellationTokenSource();

        var result = await handler.Handle(new RefreshTokensCommand(Presented), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.RefreshTokenReused);
        await refreshTokens.DidNotReceiveWithAnyArgs().RevokeFamilyAsync(default, default, default);
        var revokeFamily = rolledBackActions.ShouldHaveSingleItem();
        await revokeFamily(cancellation.Token);
        await refreshTokens.Received(1).RevokeFamilyAsync(familyId, clock.TruncatedNow, cancellation.Token);
        await refreshTokens.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
        await refreshTokens.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default);
        used.UsedAt.ShouldBe(clock.TruncatedNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Handle_WhenTokenIsRevoked_ReturnsInvalidRefreshTokenWithoutRevokingTheFamily()
    {
        Stored(t => t.RevokedAt(clock.TruncatedNow.AddMinutes(-1)));

        var result = await handler.Handle(new RefreshTokensCommand(Presented), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.InvalidRefreshToken);
        rolledBackActions.ShouldBeEmpty();
        await refreshTokens.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
    }

    [Fact]
    public async Task Handle_WhenTokenHasExpired_ReturnsInvalidRefreshTokenWithoutRevokingTheFamily()
    {
        Stored(t => t.ExpiringAt(clock.TruncatedNow));

        var result = await handler.Handle(new RefreshTokensCommand(Presented), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.InvalidRefreshToken);
        rolledBackActions.ShouldBeEmpty();
        await refreshTokens.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
    }

    [Fact]
    public async Task Handle_WhenTokenIsValid_MarksItUsedAndStoresASuccessorInTheSameFamily()
    {
        var familyId = Guid.NewGuid();
        var current = Stored(t => t.WithFamilyId(familyId));
        RefreshToken? successor = null;
        await refreshTokens.AddAsync(Arg.Do<RefreshToken>(t => successor = t), Arg.Any<CancellationToken>());

        var result = await handler.Handle(new RefreshTokensCommand(Presented), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        current.UsedAt.ShouldBe(clock.TruncatedNow);
        await refreshTokens.Received(1).UpdateAsync(current, Arg.Any<CancellationToken>());
        successor.ShouldNotBeNull();
        successor.Id.ShouldNotBe(current.Id);
        successor.FamilyId.ShouldBe(familyId);
        successor.UserId.ShouldBe(user.Id);
        successor.TokenHash.ShouldBe(Secret.Hash);
        successor.CreatedAt.ShouldBe(clock.TruncatedNow);
        successor.ExpiresAt.ShouldBe(clock.TruncatedNow + TokenServices.RefreshLifetime);
        rolledBackActions.ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenTokenIsValid_ReturnsANewBearerPairForItsUser()
    {
        Stored(t => t);

        var result = await handler.Handle(new RefreshTokensCommand(Presented), CancellationToken.None);

        result.Value.ShouldBe(new TokenPairDto(
            TokenServices.AccessTokenFor(user),
            Secret.Token,
            "Bearer",
            TokenServices.AccessTokenSeconds,
            UserDto.From(user)));
    }

    [Fact]
    public async Task Handle_WhenTheUserIsGone_ReturnsInvalidRefreshTokenAndStoresNothing()
    {
        Stored(t => t.WithUserId(Guid.NewGuid()));

        var result = await handler.Handle(new RefreshTokensCommand(Presented), CancellationToken.None);

        result.Error.ShouldBe(UserErrors.InvalidRefreshToken);
        await refreshTokens.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
        await refreshTokens.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default);
    }

    /// <summary>Stores a token of <see cref="user"/> under the hash of <see cref="Presented"/>, valid unless customised.</summary>
    private RefreshToken Stored(Func<RefreshTokenBuilder, RefreshTokenBuilder> customise)
    {
        var token = customise(new RefreshTokenBuilder()
                .WithUserId(user.Id)
                .CreatedAt(clock.TruncatedNow.AddDays(-1))
                .ExpiringAt(clock.TruncatedNow.AddDays(6)))
            .Build();
        refreshTokens.FindByHashForUpdateAsync(TokenServices.HashOf(Presented), Arg.Any<CancellationToken>()).Returns(token);
        return token;
    }
}
