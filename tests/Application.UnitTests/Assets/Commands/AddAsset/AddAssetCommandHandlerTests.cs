using NSubstitute;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Assets.Commands.AddAsset;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Application.UnitTests.Assets.Commands.AddAsset;

public class AddAssetCommandHandlerTests
{
    private static readonly AddAssetCommand Sol = new("sol", " Solana ", "crypto", 9, "solana");

    private readonly IAssetRepository assets = Substitute.For<IAssetRepository>();
    private readonly IAssetCatalog catalog = Substitute.For<IAssetCatalog>();
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly List<Action> committed = [];
    private Asset? addedAsset;
    private Account? addedWorld;

    public AddAssetCommandHandlerTests()
    {
        assets.AddAsync(Arg.Do<Asset>(a => addedAsset = a), Arg.Do<Account>(w => addedWorld = w), Arg.Any<CancellationToken>()).Returns(Result.Success());
        unitOfWork.OnCommitted(Arg.Do<Action>(committed.Add));
    }

    [Fact]
    public async Task Handle_WhenTheCallerIsNotAnAdmin_ReturnsForbiddenAndAddsNothing()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(Sol, CancellationToken.None);

        result.Error.ShouldBe(UserErrors.AdminOnly);
        await assets.DidNotReceiveWithAnyArgs().AddAsync(default!, default!, default);
    }

    [Fact]
    public async Task Handle_WhenAnAdminAdds_StoresTheAssetWithItsOwnWorldAccount()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(Sol, CancellationToken.None);

        result.Value.ShouldBe(new AssetDto("SOL", "Solana", "crypto", 9, "solana"));
        addedAsset.ShouldNotBeNull().Code.Value.ShouldBe("SOL");
        var world = addedWorld.ShouldNotBeNull();
        world.IsWorld.ShouldBeTrue();
        world.BaseCurrency.Value.ShouldBe("SOL");
        world.CreatedAt.ShouldBe(clock.TruncatedNow);
    }

    [Fact]
    public async Task Handle_WhenAdded_ForgetsTheCatalogCacheOnlyAfterCommit()
    {
        await HandlerFor(CurrentUsers.Admin()).Handle(Sol, CancellationToken.None);

        catalog.DidNotReceive().Invalidate();
        committed.ShouldHaveSingleItem()();
        catalog.Received(1).Invalidate();
        await auditLog.Received(1).RecordAsync(Arg.Is<AuditEntry>(e => e.Action == "asset.added" && e.EntityId == "SOL"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheCodeIsTaken_ReturnsTheConflictWithoutAuditingOrInvalidating()
    {
        assets.AddAsync(Arg.Any<Asset>(), Arg.Any<Account>(), Arg.Any<CancellationToken>()).Returns(Result.Failure(AssetErrors.CodeTaken));

        var result = await HandlerFor(CurrentUsers.Admin()).Handle(Sol, CancellationToken.None);

        result.Error.ShouldBe(AssetErrors.CodeTaken);
        result.Error.Code.ShouldBe("asset_exists");
        committed.ShouldBeEmpty();
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    private AddAssetCommandHandler HandlerFor(ICurrentUser currentUser) => new(assets, catalog, currentUser, unitOfWork, auditLog, clock);
}
