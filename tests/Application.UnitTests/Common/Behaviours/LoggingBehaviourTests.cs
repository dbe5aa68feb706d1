using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortfolioTracker.Application.Common.Behaviours;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Common.Behaviours;

public class LoggingBehaviourTests
{
    private const string Secret = "Sup3r-Secret-Reference";

    private static readonly TransferFundsCommand Transfer = new(Guid.NewGuid(), Secret, [new TransferLine("Rent", 12.5m)]);

    private readonly RecordingLogger<LoggingBehaviour<TransferFundsCommand, Result<Guid>>> logger = new();

    [Fact]
    public async Task Handle_WhenNextSucceeds_ReturnsTheSameResponse()
    {
        var expected = Result<Guid>.Success(Guid.NewGuid());
        var behaviour = new LoggingBehaviour<TransferFundsCommand, Result<Guid>>(NullLogger<LoggingBehaviour<TransferFundsCommand, Result<Guid>>>.Instance);

        var response = await behaviour.Handle(Transfer, CancellationToken.None, () => Task.FromResult(expected));

        response.ShouldBeSameAs(expected);
    }

    [Fact]
    public async Task Handle_WhenNextFails_ReturnsTheSameFailure()
    {
        var expected = Result<Guid>.Failure(Error.Forbidden("forbidden", "No."));
        var behaviour = new LoggingBehaviour<TransferFundsCommand, Result<Guid>>(NullLogger<LoggingBehaviour<TransferFundsCommand, Result<Guid>>>.Instance);

        var response = await behaviour.Handle(Transfer, CancellationToken.None, () => Task.FromResult(expected));

        response.ShouldBeSameAs(expected);
    }

    [Fact]
    public async Task Handle_WhenNextThrows_RethrowsTheSameException()
    {
        var thrown = new InvalidOperationException("database is on fire");
        var behaviour = new LoggingBehaviour<TransferFundsCommand, Result<Guid>>(NullLogger<LoggingBehaviour<TransferFundsCommand, Result<Guid>>>.Instance);

        var caught = await Should.ThrowAsync<InvalidOperationException>(() => behaviour.Handle(Transfer, CancellationToken.None, () => throw thrown));

        caught.ShouldBeSameAs(thrown);
    }

    [Fact]
    public async Task Handle_WhenNextSucceeds_LogsHandledAtDebugByRequestName()
    {
        var behaviour = new LoggingBehaviour<TransferFundsCommand, Result<Guid>>(logger);

        await behaviour.Handle(Transfer, CancellationToken.None, () => Task.FromResult(Result<Guid>.Success(Guid.NewGuid())));

        var entry = logger.Entries.ShouldHaveSingleItem();
        entry.Level.ShouldBe(LogLevel.Debug);
        entry.Message.ShouldStartWith("TransferFundsCommand handled in ");
    }

    [Fact]
    public async Task Handle_WhenNextFails_LogsTheRefusalWithItsCodeAtInformation()
    {
        var behaviour = new LoggingBehaviour<TransferFundsCommand, Result<Guid>>(logger);

        await behaviour.Handle(Transfer, CancellationToken.None, () => Task.FromResult(Result<Guid>.Failure(Error.BusinessRule("insufficient_funds", "Not enough."))));

        var entry = logger.Entries.ShouldHaveSingleItem();
        entry.Level.ShouldBe(LogLevel.Information);
        entry.Message.ShouldStartWith("TransferFundsCommand refused with insufficient_funds in ");
    }

    [Fact]
    public async Task Handle_WhenNextThrows_LogsTheExceptionAtError()
    {
        var thrown = new InvalidOperationException("boom");
        var behaviour = new LoggingBehaviour<TransferFundsCommand, Result<Guid>>(logger);

        await Should.ThrowAsync<InvalidOperationException>(() => behaviour.Handle(Transfer, CancellationToken.None, () => throw thrown));

        var entry = logger.Entries.ShouldHaveSingleItem();
        entry.Level.ShouldBe(LogLevel.Error);
        entry.Exception.ShouldBeSameAs(thrown);
        entry.Message.ShouldStartWith("TransferFundsCommand failed after ");
    }

    [Fact]
    public async Task Handle_WhenNextIsCancelled_RethrowsWithoutLoggingAnError()
    {
        var behaviour = new LoggingBehaviour<TransferFundsCommand, Result<Guid>>(logger);

        await Should.ThrowAsync<OperationCanceledException>(() => behaviour.Handle(Transfer, CancellationToken.None, () => throw new OperationCanceledException()));

        logger.Entries.ShouldNotContain(entry => entry.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Handle_WhenLogging_NeverWritesTheRequestContents()
    {
        var behaviour = new LoggingBehaviour<TransferFundsCommand, Result<Guid>>(logger);

        await behaviour.Handle(Transfer, CancellationToken.None, () => Task.FromResult(Result<Guid>.Success(Guid.NewGuid())));
        await behaviour.Handle(Transfer, CancellationToken.None, () => Task.FromResult(Result<Guid>.Failure(Error.Forbidden("forbidden", "No."))));
        await Should.ThrowAsync<InvalidOperationException>(() => behaviour.Handle(Transfer, CancellationToken.None, () => throw new InvalidOperationException("x")));

        logger.Entries.Count.ShouldBe(3);
        logger.Entries.ShouldAllBe(entry => !entry.Message.Contains(Secret) && !entry.Message.Contains(Transfer.AccountId.ToString()));
    }

    [Fact]
    public async Task Handle_WhenResponseIsNotAResult_PassesItThrough()
    {
        var behaviour = new LoggingBehaviour<FindThingQuery, string>(NullLogger<LoggingBehaviour<FindThingQuery, string>>.Instance);

        var response = await behaviour.Handle(new FindThingQuery(Guid.NewGuid()), CancellationToken.None, () => Task.FromResult("plain"));

        response.ShouldBe("plain");
    }
}
