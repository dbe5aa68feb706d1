using System.Diagnostics;
using System.Diagnostics.Metrics;
using PortfolioTracker.Application.Common.Behaviours;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Telemetry;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Commands.Credit;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Common.Behaviours;

/// <summary>The span of every mediator request and the ledger metrics of money movements.</summary>
public sealed class TelemetryBehaviourTests : IDisposable
{
    private static readonly CreditCommand Credit = new(Guid.NewGuid(), "USD", "100.00", null, null);

    private readonly TestMeterFactory meters = new();
    private readonly IdempotencyContext idempotency = new();
    private readonly List<Activity> spans = [];
    private readonly List<(string Instrument, double Value, Dictionary<string, string> Tags)> measurements = [];
    private readonly ActivityListener activityListener;
    private readonly MeterListener meterListener = new();
    private readonly Activity testRoot = new("test-root");

    public TelemetryBehaviourTests()
    {
        testRoot.Start();
        var traceId = testRoot.TraceId;
        activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Instrumentation.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(activityListener);

        meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        meterListener.Start();
    }

    [Fact]
    public async Task Handle_WhenTheRequestSucceeds_RecordsASpanNamedAfterTheRequestWithOutcomeSucceeded()
    {
        var behaviour = Behaviour<FindThingQuery, Result<string>>();

        await behaviour.Handle(new FindThingQuery(Guid.NewGuid()), CancellationToken.None, () => Task.FromResult(Result<string>.Success("thing")));

        var span = spans.ShouldHaveSingleItem();
        span.OperationName.ShouldBe(nameof(FindThingQuery));
        span.Source.Name.ShouldBe("PortfolioTracker");
        span.ParentSpanId.ShouldBe(testRoot.SpanId);
        span.GetTagItem("outcome").ShouldBe("succeeded");
        span.GetTagItem("error.code").ShouldBeNull();
        span.Status.ShouldBe(ActivityStatusCode.Unset);
    }

    [Fact]
    public async Task Handle_WhenTheRequestIsRefused_TagsTheSpanWithTheErrorCode()
    {
        var behaviour = Behaviour<TransferFundsCommand, Result<Guid>>();

        await behaviour.Handle(
            new TransferFundsCommand(Guid.NewGuid(), "ref", []),
            CancellationToken.None,
            () => Task.FromResult(Result<Guid>.Failure(Error.BusinessRule("account_closed", "Closed."))));

        var span = spans.ShouldHaveSingleItem();
        span.GetTagItem("outcome").ShouldBe("refused");
        span.GetTagItem("error.code").ShouldBe("account_closed");
        measurements.ShouldBeEmpty("a command that answers no transaction is not a money movement");
    }

    [Fact]
    public async Task Handle_WhenTheHandlerThrows_MarksTheSpanAsAnError()
    {
        var behaviour = Behaviour<FindThingQuery, Result<string>>();

        await Should.ThrowAsync<InvalidOperationException>(() =>
            behaviour.Handle(new FindThingQuery(Guid.NewGuid()), CancellationToken.None, () => throw new InvalidOperationException("boom")));

        var span = spans.ShouldHaveSingleItem();
        span.Status.ShouldBe(ActivityStatusCode.Error);
        span.GetTagItem("outcome").ShouldBe("failed");
        span.GetTagItem("error.type").ShouldBe(typeof(InvalidOperationException).FullName);
    }

    [Fact]
    public async Task Handle_WhenACreditIsPosted_CountsTheTransactionAndItsVolume()
    {
        var behaviour = Behaviour<CreditCommand, Result<TransactionDto>>();
        var credit = Movement("credit", "completed", ("USD", "100.00"), ("USD", "-100.00"));

        await behaviour.Handle(Credit, CancellationToken.None, () => Task.FromResult(Result<TransactionDto>.Success(credit)));

        var transaction = measurements.Single(m => m.Instrument == "portfoliotracker.ledger.transactions");
        transaction.Value.ShouldBe(1);
        transaction.Tags.ShouldBe(new Dictionary<string, string> { ["type"] = "credit", ["status"] = "posted" }, ignoreOrder: true);
        var volume = measurements.Single(m => m.Instrument == "portfoliotracker.ledger.volume");
        volume.Value.ShouldBe(100d);
        volume.Tags.ShouldBe(new Dictionary<string, string> { ["asset"] = "USD" }, ignoreOrder: true);
    }

    [Fact]
    public async Task Handle_WhenATradeIsPosted_CountsTheVolumeOfEachAsset()
    {
        var behaviour = Behaviour<CreditCommand, Result<TransactionDto>>();

        await behaviour.Handle(Credit, CancellationToken.None, () => Task.FromResult(Result<TransactionDto>.Success(TransactionDtos.Trade())));

        measurements.Where(m => m.Instrument == "portfoliotracker.ledger.volume")
            .ToDictionary(m => m.Tags["asset"], m => m.Value)
            .ShouldBe(new Dictionary<string, double> { ["BTC"] = 0.25, ["USD"] = 26.26 }, ignoreOrder: true);
    }

    [Fact]
    public async Task Handle_WhenATransferIsPending_CountsItAsPendingWithoutVolume()
    {
        var behaviour = Behaviour<CreditCommand, Result<TransactionDto>>();
        var pending = Movement("transfer", "pending", ("EUR", "-40.00"), ("EUR", "40.00"));

        await behaviour.Handle(Credit, CancellationToken.None, () => Task.FromResult(Result<TransactionDto>.Success(pending)));

        measurements.ShouldHaveSingleItem().Tags.ShouldBe(new Dictionary<string, string> { ["type"] = "transfer", ["status"] = "pending" }, ignoreOrder: true);
    }

    [Fact]
    public async Task Handle_WhenAMovementIsRefused_CountsTheRefusalByCode()
    {
        var behaviour = Behaviour<CreditCommand, Result<TransactionDto>>();

        await behaviour.Handle(
            Credit, CancellationToken.None, () => Task.FromResult(Result<TransactionDto>.Failure(Error.BusinessRule("insufficient_funds", "No."))));

        var refusal = measurements.ShouldHaveSingleItem();
        refusal.Instrument.ShouldBe("portfoliotracker.ledger.refusals");
        refusal.Tags.ShouldBe(new Dictionary<string, string> { ["code"] = "insufficient_funds" });
    }

    [Fact]
    public async Task Handle_WhenTheAnswerIsAnIdempotentReplay_CountsNothingAgain()
    {
        var behaviour = Behaviour<CreditCommand, Result<TransactionDto>>();
        var credit = Movement("credit", "completed", ("USD", "100.00"), ("USD", "-100.00"));

        await behaviour.Handle(Credit, CancellationToken.None, () =>
        {
            idempotency.Replayed = true;
            return Task.FromResult(Result<TransactionDto>.Success(credit));
        });

        measurements.ShouldBeEmpty();
        spans.ShouldHaveSingleItem().GetTagItem("idempotency.replayed").ShouldBe(true);
    }

    public void Dispose()
    {
        activityListener.Dispose();
        meterListener.Dispose();
        testRoot.Dispose();
        meters.Dispose();
    }

    private static TransactionDto Movement(string type, string status, params (string Asset, string Amount)[] postings) => new(
        Guid.NewGuid(),
        type,
        status,
        [.. postings.Select(p => new PostingDto(Guid.NewGuid(), p.Asset, p.Amount, null))],
        null,
        DateTimeOffset.UnixEpoch,
        Guid.NewGuid(),
        null,
        null,
        null);

    private TelemetryBehaviour<TRequest, TResponse> Behaviour<TRequest, TResponse>() => new(new LedgerMetrics(meters), idempotency);

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            labels[tag.Key] = tag.Value?.ToString() ?? string.Empty;
        }

        lock (measurements)
        {
            measurements.Add((instrument.Name, value, labels));
        }
    }
}
