using PortfolioTracker.Application.Common.Concurrency;
using NSubstitute;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Accounts.Commands.RenameAccount;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Accounts.Commands.RenameAccount;

public class RenameAccountCommandHandlerTests
{
    private readonly IAccountRepository accounts = Substitute.For<IAccountRepository>();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider clock = new();
    private readonly Guid ownerId = Guid.NewGuid();
    private readonly Account account;

    public RenameAccountCommandHandlerTests()
    {
        account = new AccountBuilder().OwnedBy(ownerId).Named("Main").WithVersion(3).Build();
        accounts.FindForUpdateAsync(account.Id, Arg.Any<CancellationToken>()).Returns(account);
        accounts.UpdateAsync(Arg.Any<Account>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Result.Success());
    }

    [Fact]
    public async Task Handle_WhenTheAccountDoesNotExist_ReturnsNotFound() =>
        (await HandlerFor(Owner()).Handle(new RenameAccountCommand(Guid.NewGuid(), "Savings", null), CancellationToken.None)).Error.ShouldBe(AccountErrors.NotFound);

    [Fact]
    public async Task Handle_WhenTheAccountIsAnotherUsers_ReturnsNotFoundAndChangesNothing()
    {
        var result = await HandlerFor(CurrentUsers.For(Guid.NewGuid())).Handle(Rename(), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotFound);
        account.Name.Value.ShouldBe("Main");
        await accounts.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
    }

    [Fact]
    public async Task Handle_WhenAnAdminRenamesSomeoneElsesAccount_ReturnsForbidden()
    {
        var result = await HandlerFor(CurrentUsers.Admin()).Handle(Rename(), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NotOwner);
        account.Name.Value.ShouldBe("Main");
    }

    [Fact]
    public async Task Handle_WhenIfMatchIsStale_ReturnsPreconditionFailedAndChangesNothing()
    {
        var result = await HandlerFor(Owner()).Handle(Rename() with { IfMatch = IfMatch.Of(2) }, CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.VersionMismatch);
        result.Error.Kind.ShouldBe(ErrorKind.PreconditionFailed);
        account.Name.Value.ShouldBe("Main");
        account.Version.ShouldBe(3);
        await accounts.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(null)]
    public async Task Handle_WhenIfMatchMatchesOrIsAbsent_RenamesAndStoresAgainstTheLoadedVersion(int? expectedVersion)
    {
        var result = await HandlerFor(Owner()).Handle(Rename() with { IfMatch = expectedVersion is { } v ? IfMatch.Of(v) : null }, CancellationToken.None);

        result.Value.Name.ShouldBe("Savings");
        result.Value.Version.ShouldBe(4);
        result.Value.UpdatedAt.ShouldBe(clock.TruncatedNow);
        await accounts.Received(1).UpdateAsync(account, 3, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenRenamed_AuditsBeforeAndAfter()
    {
        var before = AccountDto.From(account);

        var result = await HandlerFor(Owner()).Handle(Rename(), CancellationToken.None);

        await auditLog.Received(1).RecordAsync(
            new AuditEntry("account.renamed", "account", account.Id.ToString(), Before: before, After: result.Value, SubjectUserId: ownerId),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheNameIsUnchanged_AnswersTheAccountWithoutStoringOrAuditing()
    {
        var result = await HandlerFor(Owner()).Handle(Rename() with { Name = " Main " }, CancellationToken.None);

        result.Value.Version.ShouldBe(3);
        result.Value.Name.ShouldBe("Main");
        await accounts.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default, default);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenTheNewNameIsTaken_ReturnsTheConflictWithoutAuditing()
    {
        accounts.UpdateAsync(Arg.Any<Account>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Result.Failure(AccountErrors.NameTaken));

        var result = await HandlerFor(Owner()).Handle(Rename(), CancellationToken.None);

        result.Error.ShouldBe(AccountErrors.NameTaken);
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    private ICurrentUser Owner() => CurrentUsers.For(ownerId);

    private RenameAccountCommand Rename() => new(account.Id, "Savings", null);

    private RenameAccountCommandHandler HandlerFor(ICurrentUser currentUser) => new(accounts, currentUser, auditLog, clock);
}
