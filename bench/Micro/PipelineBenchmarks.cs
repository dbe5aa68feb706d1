using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortfolioTracker.Application;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Telemetry;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Transactions.Commands.Transfer;
using PortfolioTracker.Bench.Micro.Fakes;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Bench.Micro;

/// <summary>
/// The cost of the mediator pipeline for a transfer: <c>IMediator.Send</c> through the real behaviours (telemetry,
/// logging, validation, unit of work, idempotency, refusal audit) versus the same handler called directly. The ports
/// are in-memory fakes, so the figures are the application's own CPU and allocations, without a database. As in the
/// API, spans of the <c>PortfolioTracker</c> source are sampled and its meter is listened to (a listener that drops
/// the data stands in for the OpenTelemetry SDK); the logger is a null logger (the API logs handled requests at Debug,
/// below its default level).
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private ServiceProvider provider = null!;
    private IServiceScope scope = null!;
    private IMediator mediator = null!;
    private IRequestHandler<TransferCommand, Result<TransactionDto>> handler = null!;
    private ActivityListener activityListener = null!;
    private MeterListener meterListener = null!;
    private TransferCommand command = null!;
    private TransferCommand keyed = null!;

    [GlobalSetup]
    public void Setup()
    {
        activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Instrumentation.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(activityListener);
        meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == Instrumentation.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((_, _, _, _) => { });
        meterListener.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        meterListener.Start();

        var services = new ServiceCollection();
        services.AddApplication();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IMeterFactory, BenchMeterFactory>();
        services.AddSingleton<IAssetCatalog, FakeAssetCatalog>();
        services.AddSingleton<IAccountRepository, InMemoryAccounts>();
        services.AddSingleton<ILedgerRepository, InMemoryLedger>();
        services.AddSingleton<IUnitOfWork, InMemoryUnitOfWork>();
        services.AddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        services.AddSingleton<IAuditLog, NullAuditLog>();
        services.AddSingleton<ICurrentUser, FixedCurrentUser>();
        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        scope = provider.CreateScope();
        mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        handler = scope.ServiceProvider.GetRequiredService<IRequestHandler<TransferCommand, Result<TransactionDto>>>();

        command = new TransferCommand(TestData.From.Id, TestData.To.Id, "USD", "12.50", "rent", false, null);
        keyed = command with { IdempotencyKey = "7f9c2ba4-e88f-4b8e-9b7e-2d1f0a6c3e55" };

        // Fail fast: a benchmark of a refused transfer would measure the wrong path.
        foreach (var request in new[] { command, keyed })
        {
            var answered = mediator.Send(request).GetAwaiter().GetResult();
            if (answered.IsFailure)
            {
                throw new InvalidOperationException($"The benchmark transfer was refused: {answered.Error.Code}.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        scope.Dispose();
        provider.Dispose();
        meterListener.Dispose();
        activityListener.Dispose();
    }

    [Benchmark(Baseline = true, Description = "handler.Handle (no pipeline)")]
    public Task<Result<TransactionDto>> HandlerDirect() => handler.Handle(command, CancellationToken.None);

    [Benchmark(Description = "IMediator.Send, same scope")]
    public Task<Result<TransactionDto>> Send() => mediator.Send(command);

    [Benchmark(Description = "IMediator.Send with Idempotency-Key, same scope")]
    public Task<Result<TransactionDto>> SendWithKey() => mediator.Send(keyed);

    [Benchmark(Description = "new scope + resolve + handler.Handle")]
    public async Task<Result<TransactionDto>> ScopedHandler()
    {
        await using var requestScope = provider.CreateAsyncScope();
        var scoped = requestScope.ServiceProvider.GetRequiredService<IRequestHandler<TransferCommand, Result<TransactionDto>>>();
        return await scoped.Handle(command, CancellationToken.None);
    }

    [Benchmark(Description = "new scope + IMediator.Send (per HTTP request)")]
    public async Task<Result<TransactionDto>> ScopedSend()
    {
        await using var requestScope = provider.CreateAsyncScope();
        return await requestScope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    [Benchmark(Description = "new scope + IMediator.Send with Idempotency-Key")]
    public async Task<Result<TransactionDto>> ScopedSendWithKey()
    {
        await using var requestScope = provider.CreateAsyncScope();
        return await requestScope.ServiceProvider.GetRequiredService<IMediator>().Send(keyed);
    }
}
