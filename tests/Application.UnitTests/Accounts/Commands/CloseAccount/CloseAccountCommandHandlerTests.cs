using NSubstitute;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Accounts.Commands.CloseAccount;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.UnitTests.Accounts.Commands.CloseAccount;

public class CloseAccountCommandHandlerTests
{
    private readonly IAccountRepository accounts = Substitute.For<IAccountRepository>();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly Guid ownerId = Guid.NewGuid();
    private readonly Account account;

    public CloseAccountCommandHandlerTests()
    {
        account = new AccountBuilder().OwnedBy(ownerId).WithVersion(2).Build();
        accounts.FindForUpdateAsync(account.Id, Arg.Any<CancellationToken>()).Returns(account);
        accounts.UpdateAsync(Arg.Any<Account>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Result.Success());
        HasBalances(0m, 0m);
    }

    [Fact]
    public async Task Handle_WhenTheAccountDoesNotExist_ReturnsNotFound() =>
        (await HandlerFor(Owner()).Handle(new CloseAccountCommand(Guid.NewGuid()), CancellationToken.None)).Error.ShouldBe(AccountErrors.NotFound);

    [Fact]
    public async Task Handle_WhenTheAccountIsAnotherUsers_ReturnsNotFound()
    {
        (await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(Close(), CancellationToken.None)).Error.ShouldBe(AccountErrors.NotFound);

        account.IsOpen.ShouldBeTrue();
        await accounts.DidNotReceiveWithAnyArgs().LockBalancesAsync(default, default);
    }

    [Fact]
    public async Task Handle_WhenAnAdminClosesSomeoneElsesAccount_ReturnsForbidden()
    {
        (await HandlerFor(CurrentUsers.Admin()).Handle(Close(), CancellationToken.None)).Error.ShouldBe(AccountErrors.NotOwner);

        account.IsOpen.ShouldBeTrue();
    }

    [Fact]
    public async Task Handle_WhenEveryBalanceIsZero_ClosesAndStoresAgainstTheLoadedVersion()
    {
        var result = await HandlerFor(Owner()).Handle(Close(), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        account.Status.ShouldBe(AccountStatus.Closed);
        account.Version.ShouldBe(3);
        account.UpdatedAt.ShouldBe(clock.TruncatedNow);
        await accounts.Received(1).UpdateAsync(account, 2, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenClosed_AuditsBeforeAndAfter()
    {
        AuditEntry? entry = null;
        await auditLog.RecordAsync(Arg.Do<AuditEntry>(e => entry = e), Arg.Any<CancellationToken>());

        await HandlerFor(Owner()).Handle(Close(), CancellationToken.None);

        entry.ShouldNotBeNull().Action.ShouldBe("account.closed");
        entry.SubjectUserId.ShouldBe(ownerId);
        entry.Before.ShouldBeOfType<AccountDto>().Status.ShouldBe("open");
        entry.After.ShouldBeOfType<AccountDto>().Status.ShouldBe("closed");
    }

    [Theory]
    [InlineData("0.01", "0")]
    [InlineData("5", "5")]
    public async Task Handle_WhenABalanceIsNotZero_ReturnsAccountNotEmptyAndStoresNothing(string amount, string held)
    {
        HasBalances(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(held, System.Globalization.CultureInfo.InvariantCulture));

        var result = await HandlerFor(Owner()).Handle(Close(), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotEmpty);
        result.Error.Kind.ShouldBe(ErrorKind.BusinessRule);
        account.IsOpen.ShouldBeTrue();
        await accounts.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenAlreadyClosed_SucceedsWithoutStoringOrAuditing()
    {
        var closed = new AccountBuilder().OwnedBy(ownerId).Closed().Build();
        accounts.FindForUpdateAsync(closed.Id, Arg.Any<CancellationToken>()).Returns(closed);

        var result = await HandlerFor(Owner()).Handle(new CloseAccountCommand(closed.Id), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue();
        await accounts.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenStoringFindsAConcurrentChange_ReturnsItWithoutAuditing()
    {
        accounts.UpdateAsync(Arg.Any<Account>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Result.Failure(AccountErrors.VersionMismatch));

        var result = await HandlerFor(Owner()).Handle(Close(), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.VersionMismatch);
        result.Error.Kind.ShouldBe(ErrorKind.PreconditionFailed);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    private void HasBalances(decimal btcAmount, decimal btcHeld) =>
        accounts.LockBalancesAsync(account.Id, Arg.Any<CancellationToken>()).Returns(
        [
            Balance.Rehydrate(account.Id, TestAssets.Usd, 0m, 0m, 4, LedgerBooks.Opened),
            Balance.Rehydrate(account.Id, TestAssets.Btc, btcAmount, btcHeld, 2, LedgerBooks.Opened),
        ]);

    private ICurrentUser Owner() => CurrentUsers.For(ownerId);

    private CloseAccountCommand Close() => new(account.Id);

    private CloseAccountCommandHandler HandlerFor(ICurrentUser currentUser) => new(accounts, currentUser, auditLog, clock);
}
