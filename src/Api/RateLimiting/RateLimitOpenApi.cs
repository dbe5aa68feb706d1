using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Api.OpenApi;

namespace PortfolioTracker.Api.RateLimiting;

/// <summary>
/// Documents the 429 answer on every operation (each can be rate limited), with its <c>Retry-After</c> and
/// <c>RateLimit-*</c> headers. The document is the same whether or not limits are enabled on an instance.
/// </summary>
internal static class RateLimitOpenApi
{
    public static IServiceCollection AddRateLimitOpenApi(this IServiceCollection services)
    {
        services.Configure<OpenApiOptions>(OpenApiSetup.DocumentName, options => options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            operation.Responses ??= [];
            var status = StatusCodes.Status429TooManyRequests.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(status))
            {
                return;
            }

            // Registers the problem shape (as "Problem") should no other response of the operation have done so.
            await context.GetOrCreateSchemaAsync(typeof(ApiProblem), cancellationToken: cancellationToken);
            operation.Responses[status] = new OpenApiResponse
            {
                Description = "Rate limited (code `rate_limited`): retry after `Retry-After` seconds.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ApiProblems.ContentType] = new() { Schema = new OpenApiSchemaReference("Problem", context.Document) },
                },
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = IntegerHeader("Seconds until a request may succeed again."),
                    [RateLimitBookkeeping.LimitHeader] = IntegerHeader("Size of the limit that refused the request."),
                    [RateLimitBookkeeping.RemainingHeader] = IntegerHeader("Requests left under that limit (0)."),
                    [RateLimitBookkeeping.ResetHeader] = IntegerHeader("Seconds until that limit is fully restored."),
                },
            };
        }));
        return services;
    }

    private static OpenApiHeader IntegerHeader(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } };
}
