using NSubstitute;
using PortfolioTracker.Application.Common.Behaviours;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Common.Behaviours;

public class UnitOfWorkBehaviourTests
{
    private static readonly TransferFundsCommand Transfer = new(Guid.NewGuid(), "REF-1", []);
    private static readonly Error Refusal = Error.BusinessRule("insufficient_funds", "Not enough money.");

    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();
    private int nextCalls;

    [Fact]
    public async Task Handle_WhenRequestIsAQuery_CallsNextWithoutTouchingTheUnitOfWork()
    {
        var expected = Result<string>.Success("thing");
        var behaviour = new UnitOfWorkBehaviour<FindThingQuery, Result<string>>(unitOfWork);

        var response = await behaviour.Handle(new FindThingQuery(Guid.NewGuid()), CancellationToken.None, Next(expected));

        response.ShouldBeSameAs(expected);
        nextCalls.ShouldBe(1);
        unitOfWork.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Handle_WhenRequestIsACommand_RunsNextInsideExecuteAsyncWithTheCancellationToken()
    {
        using var cancellation = new CancellationTokenSource();
        var expected = Result<Guid>.Success(Guid.NewGuid());
        var ranInsideUnitOfWork = false;
        unitOfWork.ExecuteAsync(Arg.Any<Func<CancellationToken, Task<Result<Guid>>>>(), Arg.Any<Func<Result<Guid>, bool>>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                ranInsideUnitOfWork = true;
                return await call.Arg<Func<CancellationToken, Task<Result<Guid>>>>()(call.Arg<CancellationToken>());
            });
        var behaviour = new UnitOfWorkBehaviour<TransferFundsCommand, Result<Guid>>(unitOfWork);

        var response = await behaviour.Handle(Transfer, cancellation.Token, Next(expected));

        ranInsideUnitOfWork.ShouldBeTrue();
        nextCalls.ShouldBe(1);
        response.ShouldBeSameAs(expected);
        await unitOfWork.Received(1).ExecuteAsync(Arg.Any<Func<CancellationToken, Task<Result<Guid>>>>(), Arg.Any<Func<Result<Guid>, bool>>(), cancellation.Token);
    }

    [Fact]
    public async Task Handle_WhenRequestIsACommand_ReturnsWhatTheUnitOfWorkReturns()
    {
        var fromUnitOfWork = Result<Guid>.Failure(Refusal);
        unitOfWork.ExecuteAsync(Arg.Any<Func<CancellationToken, Task<Result<Guid>>>>(), Arg.Any<Func<Result<Guid>, bool>>(), Arg.Any<CancellationToken>())
            .Returns(fromUnitOfWork);
        var behaviour = new UnitOfWorkBehaviour<TransferFundsCommand, Result<Guid>>(unitOfWork);

        var response = await behaviour.Handle(Transfer, CancellationToken.None, Next(Result<Guid>.Success(Guid.NewGuid())));

        response.ShouldBeSameAs(fromUnitOfWork);
    }

    [Fact]
    public async Task Handle_WhenRequestIsACommand_CommitsOnlyASuccessfulResult()
    {
        Func<Result<Guid>, bool>? shouldCommit = null;
        unitOfWork.ExecuteAsync(Arg.Any<Func<CancellationToken, Task<Result<Guid>>>>(), Arg.Do<Func<Result<Guid>, bool>>(f => shouldCommit = f), Arg.Any<CancellationToken>())
            .Returns(Result<Guid>.Success(Guid.NewGuid()));
        var behaviour = new UnitOfWorkBehaviour<TransferFundsCommand, Result<Guid>>(unitOfWork);

        await behaviour.Handle(Transfer, CancellationToken.None, Next(Result<Guid>.Success(Guid.NewGuid())));

        shouldCommit.ShouldNotBeNull();
        shouldCommit(Result<Guid>.Success(Guid.NewGuid())).ShouldBeTrue();
        shouldCommit(Result<Guid>.Failure(Refusal)).ShouldBeFalse();
        shouldCommit(Result<Guid>.Failure(Error.Validation("x", "y"))).ShouldBeFalse();
    }

    [Fact]
    public async Task Handle_WhenCommandHasNoValue_CommitsOnlyASuccessfulResult()
    {
        Func<Result, bool>? shouldCommit = null;
        unitOfWork.ExecuteAsync(Arg.Any<Func<CancellationToken, Task<Result>>>(), Arg.Do<Func<Result, bool>>(f => shouldCommit = f), Arg.Any<CancellationToken>())
            .Returns(Result.Success());
        var behaviour = new UnitOfWorkBehaviour<ArchiveEverythingCommand, Result>(unitOfWork);

        await behaviour.Handle(new ArchiveEverythingCommand("why"), CancellationToken.None, Next(Result.Success()));

        shouldCommit.ShouldNotBeNull();
        shouldCommit(Result.Success()).ShouldBeTrue();
        shouldCommit(Result.Failure(Refusal)).ShouldBeFalse();
    }

    private MediatR.RequestHandlerDelegate<TResponse> Next<TResponse>(TResponse response) => () =>
    {
        nextCalls++;
        return Task.FromResult(response);
    };
}
