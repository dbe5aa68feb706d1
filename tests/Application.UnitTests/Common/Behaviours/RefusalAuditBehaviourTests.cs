using NSubstitute;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Behaviours;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Common.Behaviours;

public class RefusalAuditBehaviourTests
{
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly IAuditLog auditLog = Substitute.For<IAuditLog>();
    private readonly List<Func<CancellationToken, Task>> rolledBackActions = [];

    public RefusalAuditBehaviourTests() =>
        unitOfWork.OnRolledBack(Arg.Do<Func<CancellationToken, Task>>(rolledBackActions.Add));

    public static TheoryData<Error> AuditedRefusals => new()
    {
        Error.Unauthorized("invalid_credentials", "Wrong."),
        Error.Forbidden("forbidden", "No."),
        Error.BusinessRule("insufficient_funds", "Not enough money."),
    };

    public static TheoryData<Error> UnauditedFailures => new()
    {
        Error.NotFound("not_found", "Gone."),
        Error.Validation("amount", "Must be positive."),
        Error.Conflict("email_taken", "Taken."),
        Error.PreconditionFailed("precondition_failed", "Changed."),
        Error.Unavailable("unavailable", "Down."),
    };

    [Theory]
    [MemberData(nameof(AuditedRefusals))]
    public async Task Handle_WhenCommandIsRefused_RegistersARollbackActionThatRecordsTheRefusal(Error error)
    {
        var command = new TransferFundsCommand(Guid.NewGuid(), "REF-1", []);
        var behaviour = new RefusalAuditBehaviour<TransferFundsCommand, Result<Guid>>(unitOfWork, auditLog);
        using var cancellation = new CancellationTokenSource();

        await behaviour.Handle(command, CancellationToken.None, () => Task.FromResult(Result<Guid>.Failure(error)));

        auditLog.ReceivedCalls().ShouldBeEmpty(); // nothing is written inside the transaction that is rolled back
        var action = rolledBackActions.ShouldHaveSingleItem();
        await action(cancellation.Token);
        await auditLog.Received(1).RecordAsync(
            new AuditEntry("unit_tests.transfer_funds", "account", command.AccountId.ToString(), AuditOutcome.Refused, error.Code),
            cancellation.Token);
    }

    [Fact]
    public async Task Handle_WhenCommandWithoutAuditTargetIsRefused_RecordsItAgainstARequestWithoutId()
    {
        var behaviour = new RefusalAuditBehaviour<ArchiveEverythingCommand, Result>(unitOfWork, auditLog);

        await behaviour.Handle(new ArchiveEverythingCommand("why"), CancellationToken.None, () => Task.FromResult(Result.Failure(Error.Forbidden("forbidden", "No."))));

        await rolledBackActions.ShouldHaveSingleItem()(CancellationToken.None);
        await auditLog.Received(1).RecordAsync(
            new AuditEntry("unit_tests.archive_everything", "request", null, AuditOutcome.Refused, "forbidden"),
            Arg.Any<CancellationToken>());
    }

    [Theory]
    [MemberData(nameof(UnauditedFailures))]
    public async Task Handle_WhenCommandFailsForAnotherReason_RegistersNothing(Error error)
    {
        var behaviour = new RefusalAuditBehaviour<TransferFundsCommand, Result<Guid>>(unitOfWork, auditLog);

        var response = await behaviour.Handle(new TransferFundsCommand(Guid.NewGuid(), "REF", []), CancellationToken.None, () => Task.FromResult(Result<Guid>.Failure(error)));

        response.Error.ShouldBeSameAs(error);
        unitOfWork.ReceivedCalls().ShouldBeEmpty();
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenCommandSucceeds_RegistersNothingAndReturnsTheResponse()
    {
        var expected = Result<Guid>.Success(Guid.NewGuid());
        var behaviour = new RefusalAuditBehaviour<TransferFundsCommand, Result<Guid>>(unitOfWork, auditLog);

        var response = await behaviour.Handle(new TransferFundsCommand(Guid.NewGuid(), "REF", []), CancellationToken.None, () => Task.FromResult(expected));

        response.ShouldBeSameAs(expected);
        unitOfWork.ReceivedCalls().ShouldBeEmpty();
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenQueryIsForbidden_RegistersNothing()
    {
        var behaviour = new RefusalAuditBehaviour<FindThingQuery, Result<string>>(unitOfWork, auditLog);

        await behaviour.Handle(new FindThingQuery(Guid.NewGuid()), CancellationToken.None, () => Task.FromResult(Result<string>.Failure(Error.Forbidden("forbidden", "No."))));

        unitOfWork.ReceivedCalls().ShouldBeEmpty();
        auditLog.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenCommandIsRefused_ReturnsTheRefusalUnchanged()
    {
        var refusal = Result<Guid>.Failure(Error.Forbidden("forbidden", "No."));
        var behaviour = new RefusalAuditBehaviour<TransferFundsCommand, Result<Guid>>(unitOfWork, auditLog);

        var response = await behaviour.Handle(new TransferFundsCommand(Guid.NewGuid(), "REF", []), CancellationToken.None, () => Task.FromResult(refusal));

        response.ShouldBeSameAs(refusal);
    }

    [Theory]
    [InlineData(typeof(PortfolioTracker.Application.Auth.Commands.Login.LoginCommand), "auth.login")]
    [InlineData(typeof(PortfolioTracker.Application.Auth.Commands.Register.RegisterUserCommand), "auth.register_user")]
    [InlineData(typeof(PortfolioTracker.Application.Auth.Commands.Refresh.RefreshTokensCommand), "auth.refresh_tokens")]
    [InlineData(typeof(PortfolioTracker.Application.Users.Commands.DeleteUser.DeleteUserCommand), "users.delete_user")]
    [InlineData(typeof(PortfolioTracker.Application.Users.Commands.UpdateUser.UpdateUserCommand), "users.update_user")]
    [InlineData(typeof(Uri), "uri")]
    public void ActionName_IsTheAreaAndTheCommandWithoutItsSuffix_InSnakeCase(Type requestType, string expected) =>
        RefusalAuditBehaviour<TransferFundsCommand, Result<Guid>>.ActionName(requestType).ShouldBe(expected);
}
