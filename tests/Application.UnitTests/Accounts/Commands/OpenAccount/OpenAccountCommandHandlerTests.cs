using NSubstitute;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Accounts.Commands.OpenAccount;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Accounts.Commands.OpenAccount;

public class OpenAccountCommandHandlerTests
{
    private readonly IAccountRepository accounts = Substitute.For<IAccountRepository>();
    private readonly IAssetCatalog catalog = TestAssets.Catalog();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly Guid userId = Guid.NewGuid();
    private Account? added;

    public OpenAccountCommandHandlerTests() =>
        accounts.AddAsync(Arg.Do<Account>(a => added = a), Arg.Any<CancellationToken>()).Returns(Result.Success());

    [Fact]
    public async Task Handle_WhenNoBaseCurrencyIsGiven_ValuesTheAccountInUsd()
    {
        var result = await Handler().Handle(new OpenAccountCommand("Main", null), CancellationToken.None);

        result.Value.BaseCurrency.ShouldBe("USD");
        added.ShouldNotBeNull().BaseCurrency.ShouldBe(TestAssets.Usd.Code);
        await catalog.Received(1).FindAsync("USD", Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenABaseCurrencyIsGivenInAnyCase_UsesItsCode()
    {
        var result = await Handler().Handle(new OpenAccountCommand("Crypto", "btc"), CancellationToken.None);

        result.Value.BaseCurrency.ShouldBe("BTC");
    }

    [Fact]
    public async Task Handle_WhenOpened_StoresAnOpenAccountOfTheCallerAtVersionOne()
    {
        var result = await Handler().Handle(new OpenAccountCommand("  Main  ", null), CancellationToken.None);

        var account = added.ShouldNotBeNull();
        account.OwnerId.ShouldBe(userId);
        account.Name.Value.ShouldBe("Main");
        account.IsOpen.ShouldBeTrue();
        account.Version.ShouldBe(1);
        account.CreatedAt.ShouldBe(clock.TruncatedNow);
        account.Id.Version.ShouldBe(7);
        result.Value.ShouldBe(new AccountDto(account.Id, "Main", "USD", "open", clock.TruncatedNow, clock.TruncatedNow) { Version = 1 });
    }

    [Fact]
    public async Task Handle_WhenOpened_AuditsTheNewAccount()
    {
        var result = await Handler().Handle(new OpenAccountCommand("Main", null), CancellationToken.None);

        await auditLog.Received(1).RecordAsync(
            new AuditEntry("account.opened", "account", result.Value.Id.ToString(), After: result.Value, SubjectUserId: userId),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheNameIsTaken_ReturnsTheConflictWithoutAuditing()
    {
        accounts.AddAsync(Arg.Any<Account>(), Arg.Any<CancellationToken>()).Returns(Result.Failure(AccountErrors.NameTaken));

        var result = await Handler().Handle(new OpenAccountCommand("Main", null), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NameTaken);
        result.Error.Kind.ShouldBe(ErrorKind.Conflict);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    private OpenAccountCommandHandler Handler() => new(accounts, catalog, CurrentUsers.For(userId), auditLog, clock);
}
