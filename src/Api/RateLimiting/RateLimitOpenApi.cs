using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Api.OpenApi;

namespace PortfolioTracker.Api.RateLimiting;

/// <summary>
/// Documents the rate limits on every operation they apply to (every path but the exempt operations endpoints): the
/// 429 answer with <c>Retry-After</c>, and the <c>RateLimit-*</c> headers. Every answer under a limit carries them (the
/// tightest limit's state; on a 429 the refusing limit's); the document lists them on the successful answers and the
/// 429, where clients read them, and says so in their description. The document is the same whether or not limits are
/// enabled on an instance (<c>RateLimiting:Enabled</c>): the headers are then absent and no 429 comes.
/// </summary>
internal static class RateLimitOpenApi
{
    private static readonly string[] Headers =
        [RateLimitBookkeeping.LimitHeader, RateLimitBookkeeping.RemainingHeader, RateLimitBookkeeping.ResetHeader];

    public static IServiceCollection AddRateLimitOpenApi(this IServiceCollection services)
    {
        services.Configure<OpenApiOptions>(OpenApiSetup.DocumentName, options => options.AddDocumentTransformer((document, _, _) =>
        {
            RegisterHeaders(document);
            foreach (var (path, item) in document.Paths)
            {
                if (RateLimitPlan.IsExempt(new PathString(path)))
                {
                    continue;
                }

                foreach (var operation in (IEnumerable<OpenApiOperation>?)item.Operations?.Values ?? [])
                {
                    operation.Responses ??= [];
                    operation.Responses.TryAdd("429", TooManyRequests(document));
                    var described = operation.Responses.Where(r => r.Key[0] is '1' or '2' || r.Key == "429").Select(r => r.Value);
                    foreach (var response in described.OfType<OpenApiResponse>())
                    {
                        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                        foreach (var header in Headers)
                        {
                            response.Headers[header] = new OpenApiHeaderReference(header, document);
                        }
                    }
                }
            }

            return Task.CompletedTask;
        }));
        return services;
    }

    private static OpenApiResponse TooManyRequests(OpenApiDocument document) => new()
    {
        Description = ProblemCodes.Describe(StatusCodes.Status429TooManyRequests, ["rate_limited"]),
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ApiProblems.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("Problem", document) },
        },
        Headers = new Dictionary<string, IOpenApiHeader>
        {
            [ApiHeaders.RetryAfter] = new OpenApiHeaderReference(ApiHeaders.RetryAfter, document),
        },
    };

    private static void RegisterHeaders(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        var headers = document.Components.Headers;
        headers[RateLimitBookkeeping.LimitHeader] = Header("Size of the tightest limit this request counts against (of the refusing limit on a 429).", 600);
        headers[RateLimitBookkeeping.RemainingHeader] = Header("Requests left under that limit now (0 on a 429).", 599);
        headers[RateLimitBookkeeping.ResetHeader] = Header("Seconds until that limit is full again (an upper bound).", 1);
    }

    private static OpenApiHeader Header(string description, int example) => new()
    {
        Description = description + " Sent on every answer under a limit (errors too) when rate limiting is enabled (the default).",
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Examples = [JsonValue.Create(example)] },
    };
}
