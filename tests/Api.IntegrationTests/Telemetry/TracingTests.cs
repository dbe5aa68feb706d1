using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;
using PortfolioTracker.Api.Telemetry;
using PortfolioTracker.Api.IntegrationTests.Ledger;
using PortfolioTracker.Api.IntegrationTests.Operations;
using PortfolioTracker.Api.IntegrationTests.Streaming;

namespace PortfolioTracker.Api.IntegrationTests.Telemetry;

/// <summary>W3C trace context: honoured from the caller, shown in problems, and the spans a request makes.</summary>
[Collection(ApiCollection.Name)]
public sealed class TracingTests(ApiFactory factory)
{
    private readonly HttpClient client = factory.CreateClient();

    [Theory]
    [InlineData("01")]
    [InlineData("00")]
    public async Task ProblemResponse_ForARequestWithATraceparent_HasThatTraceId(string flags)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/accounts/{Guid.NewGuid()}");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-{flags}");

        var problem = await (await client.SendAsync(request)).ShouldBeProblemAsync(401, "unauthorized");

        problem.Str("traceId").ShouldBe(traceId);
    }

    [Fact]
    public void WithoutATraceExporter_TheDatabaseDriverIsNotListenedTo_AndWithOneItIs()
    {
        // Npgsql builds every command's statement text for its span whenever anything listens to its source.
        TelemetryPipeline.TracedSources(exported: false).ShouldNotContain("Npgsql");
        TelemetryPipeline.TracedSources(exported: false).ShouldBe(["Microsoft.AspNetCore", "System.Net.Http", "PortfolioTracker"]);
        TelemetryPipeline.TracedSources(exported: true).ShouldBe(TelemetryPipeline.Sources);
    }

    [Fact]
    public async Task ProblemResponse_WithoutATraceparent_HasAW3CTraceId()
    {
        var problem = await (await client.GetAsync("/api/v1/no-such-route", token: null)).ShouldBeProblemAsync(404, "not_found");

        problem.Str("traceId").ShouldMatch("^[0-9a-f]{32}$");
        problem.Str("traceId").ShouldNotBe(new string('0', 32));
    }

    [Fact]
    public async Task Credit_IsTracedWithAMediatorSpanAndADatabaseSpanUnderTheRequestSpan()
    {
        var user = await client.RegisterAndLoginAsync("traced");
        var account = await client.OpenAccountAsync(user);
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        var spans = new ConcurrentDictionary<ActivitySpanId, Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "PortfolioTracker" or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == traceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    spans[activity.SpanId] = activity;
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transactions/credit")
        {
            Content = JsonContent.Create(new { accountId = account, asset = "USD", amount = "10.00" }),
        };
        request.Headers.Authorization = new("Bearer", user.AccessToken);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId.ToHexString()}-{callerSpan.ToHexString()}-01");
        await (await client.SendAsync(request)).ShouldBeAsync(201);

        await Eventually.TrueAsync(() => spans.Values.Any(s => s.Source.Name == "Microsoft.AspNetCore"), "the request span ends");
        var server = spans.Values.Single(s => s.Source.Name == "Microsoft.AspNetCore");
        server.Kind.ShouldBe(ActivityKind.Server);
        server.ParentSpanId.ShouldBe(callerSpan, "the caller's traceparent is the request span's parent");
        var mediator = spans.Values.Where(s => s.Source.Name == "PortfolioTracker" && s.OperationName == "CreditCommand").ShouldHaveSingleItem();
        mediator.GetTagItem("outcome").ShouldBe("succeeded");
        IsUnder(mediator, server, spans).ShouldBeTrue("the mediator span is inside the request span");
        var database = spans.Values.Where(s => s.Source.Name == "Npgsql").ToList();
        database.ShouldNotBeEmpty("the credit's SQL is traced");
        database.ShouldContain(s => IsUnder(s, mediator, spans), "the database spans are inside the mediator span");
    }

    [Fact]
    public async Task WithoutAnExporter_TheTraceContextFlows_ButNothingIsRecorded()
    {
        var (traceId, spans) = await RequestSpansAsync(client);

        var server = spans.Where(s => s.Source.Name == "Microsoft.AspNetCore").ShouldHaveSingleItem();
        server.TraceId.ShouldBe(traceId, "the caller's trace continues");
        server.IsAllDataRequested.ShouldBeFalse("nothing would read the span's data");
        server.Recorded.ShouldBeFalse();
    }

    [Fact]
    public async Task WithAnOtlpEndpoint_RequestSpansAreRecorded()
    {
        // Nothing listens there: the exporter's failures stay in the background.
        await using var api = await OperationsApiFactory.StartAsync(s => s["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9");
        using var exported = api.CreateHttpClient();

        var (traceId, spans) = await RequestSpansAsync(exported);

        var server = spans.Where(s => s.Source.Name == "Microsoft.AspNetCore").ShouldHaveSingleItem();
        server.TraceId.ShouldBe(traceId);
        server.Recorded.ShouldBeTrue("a sampled caller's span is exported");
    }

    /// <summary>
    /// Sends a refused request with a sampled traceparent and returns the spans it started. The listener itself asks for
    /// nothing, so what is recorded is the API's own decision.
    /// </summary>
    private static async Task<(ActivityTraceId TraceId, IReadOnlyList<Activity> Spans)> RequestSpansAsync(HttpClient http)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var started = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "PortfolioTracker" or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStarted = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    started.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/accounts/{Guid.NewGuid()}");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var problem = await (await http.SendAsync(request)).ShouldBeProblemAsync(401, "unauthorized");

        problem.Str("traceId").ShouldBe(traceId.ToHexString());
        return (traceId, [.. started]);
    }

    private static bool IsUnder(Activity span, Activity ancestor, ConcurrentDictionary<ActivitySpanId, Activity> spans)
    {
        var parent = span.ParentSpanId;
        while (parent != default)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }

            if (!spans.TryGetValue(parent, out var next))
            {
                return false;
            }

            parent = next.ParentSpanId;
        }

        return false;
    }
}
