using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PortfolioTracker.Api.Health;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Api.Telemetry;

namespace PortfolioTracker.Api.OpenApi;

/// <summary>
/// Document transformer: the operations endpoints. <c>/health/live</c> and <c>/health/ready</c> are health-check
/// middleware endpoints and <c>/metrics</c> a plain endpoint writing text; none of them is described by the framework,
/// so they are described here, with the same shapes and headers as <see cref="HealthEndpoints"/> and
/// <see cref="MetricsEndpoint"/> write (<c>/metrics</c> only where it is served, <c>Metrics:Enabled</c>). No token, no
/// rate limit.
/// </summary>
internal sealed class OperationsEndpointsDocument : IOpenApiDocumentTransformer
{
    private const string Tag = "operations";
    private const string HealthReportSchema = "HealthReport";
    private const string HealthCheckSchema = "HealthCheck";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(context);
        var check = await context.GetOrCreateSchemaAsync(typeof(HealthCheckDto), cancellationToken: cancellationToken);
        document.AddComponent(HealthCheckSchema, check);
        var report = await context.GetOrCreateSchemaAsync(typeof(HealthReportDto), cancellationToken: cancellationToken);
        if (report.Properties?["checks"] is OpenApiSchema checks)
        {
            checks.AdditionalProperties = new OpenApiSchemaReference(HealthCheckSchema, document);
        }

        document.AddComponent(HealthReportSchema, report);
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = Tag });

        document.Paths["/health/live"] = Get(
            document,
            "getLiveness",
            "Liveness: the process answers.",
            "Always 200 while the process runs; runs no check (`checks` is empty). For an orchestrator's liveness probe.",
            new() { ["200"] = Health(document, "The process is up.", retryAfter: false) });

        document.Paths["/health/ready"] = Get(
            document,
            "getReadiness",
            "Readiness: the database is reachable and every migration is applied.",
            "200 when PostgreSQL answers within 2 s and every migration of this build is applied; 503 otherwise (the body says " +
                "which check failed). For a load balancer's or orchestrator's readiness probe.",
            new()
            {
                ["200"] = Health(document, "Ready.", retryAfter: false),
                ["503"] = Health(document, "Not ready (`status: unhealthy`); retry after `Retry-After` seconds.", retryAfter: true),
            });

        if (context.ApplicationServices.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled)
        {
            await context.GetOrCreateSchemaAsync(typeof(ApiProblem), cancellationToken: cancellationToken);
            document.Paths[MetricsEndpoint.Path] = Get(
                document,
                "getMetrics",
                "Every metric in the Prometheus text exposition format.",
                "HTTP, runtime, database, ledger, price and stream metrics for a Prometheus scrape (the list: docs/operations.md). " +
                    "Served only when `Metrics:Enabled` is true (the default).",
                new()
                {
                    ["200"] = new OpenApiResponse
                    {
                        Description = "The metrics.",
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            [PrometheusText.ContentType] = new OpenApiMediaType
                            {
                                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                                Example = JsonValue.Create("# TYPE http_server_active_requests gauge\nhttp_server_active_requests{http_request_method=\"GET\",url_scheme=\"http\"} 1\n"),
                            },
                        },
                    },
                    ["503"] = new OpenApiResponse
                    {
                        Description = ProblemCodes.Describe(StatusCodes.Status503ServiceUnavailable, ["metrics_unavailable"]),
                        Headers = new Dictionary<string, IOpenApiHeader> { [ApiHeaders.RetryAfter] = new OpenApiHeaderReference(ApiHeaders.RetryAfter, document) },
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            [ApiProblems.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("Problem", document) },
                        },
                    },
                });
        }
    }

    private static OpenApiPathItem Get(OpenApiDocument document, string operationId, string summary, string description, OpenApiResponses responses) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new OpenApiOperation
            {
                OperationId = operationId,
                Summary = summary,
                Description = description,
                Tags = new HashSet<OpenApiTagReference> { new(Tag, document) },
                Security = [],
                Responses = responses,
            },
        },
    };

    private static OpenApiResponse Health(OpenApiDocument document, string description, bool retryAfter) => new()
    {
        Description = description,
        Headers = retryAfter
            ? new Dictionary<string, IOpenApiHeader> { [ApiHeaders.RetryAfter] = new OpenApiHeaderReference(ApiHeaders.RetryAfter, document) }
            : null,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(HealthReportSchema, document) },
        },
    };
}
