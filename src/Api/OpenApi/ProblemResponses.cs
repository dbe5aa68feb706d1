using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PortfolioTracker.Api.Http.Problems;

namespace PortfolioTracker.Api.OpenApi;

/// <summary>
/// Operation transformer: every problem answer an operation can give, each with the codes it may carry. The
/// operation's own answers come from its <see cref="ProblemAttribute"/>s; those of the layers every request passes
/// are added here, where they apply:
/// <list type="bullet">
/// <item>401 <c>unauthorized</c>: the operation needs a token (the authentication layer);</item>
/// <item>403 <c>forbidden</c>: the operation needs a role (the authorization layer);</item>
/// <item>400 <c>validation_failed</c>: the operation takes a body, query parameters or headers (binding and validation);</item>
/// <item>413 <c>payload_too_large</c> and 415 <c>unsupported_media_type</c>: the operation takes a body;</item>
/// <item>409 <c>idempotency_key_reused</c>: the operation takes an <c>Idempotency-Key</c>;</item>
/// <item>412 <c>precondition_failed</c>: the operation honours <c>If-Match</c>;</item>
/// <item>503 <c>database_unavailable</c> with <c>Retry-After</c>: every operation under <c>/api/v1</c> (the exception
/// handler answers so when PostgreSQL cannot be reached, authentication included).</item>
/// </list>
/// 429 is added by <c>RateLimitOpenApi</c>. Unknown routes (404), wrong methods (405) and a 500 are not operations'
/// answers and are described once, in the document's description.
/// </summary>
internal sealed class ProblemResponses : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var codes = CodesOf(context);
        if (codes.Count == 0)
        {
            return;
        }

        // Registers the problem shape (as "Problem") should no response of the operation have done so yet.
        await context.GetOrCreateSchemaAsync(typeof(ApiProblem), cancellationToken: cancellationToken);
        operation.Responses ??= [];
        foreach (var (status, statusCodes) in codes)
        {
            var key = status.ToString(CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(key, out var existing) || existing is not OpenApiResponse response)
            {
                response = new OpenApiResponse
                {
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [ApiProblems.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("Problem", context.Document) },
                    },
                };
                operation.Responses[key] = response;
            }

            response.Description = ProblemCodes.Describe(status, statusCodes);
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[ApiHeaders.RetryAfter] = new OpenApiHeaderReference(ApiHeaders.RetryAfter, context.Document);
            }
        }
    }

    /// <summary>The problem codes of the operation, by status, in a stable order.</summary>
    internal static SortedDictionary<int, SortedSet<string>> CodesOf(OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var codes = new SortedDictionary<int, SortedSet<string>>();
        void Add(int status, string code)
        {
            if (!codes.TryGetValue(status, out var set))
            {
                codes[status] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(code);
        }

        foreach (var problem in metadata.OfType<ProblemAttribute>())
        {
            foreach (var code in problem.Codes)
            {
                Add(problem.StatusCode, code);
            }
        }

        if (OperationConventions.NeedsToken(metadata))
        {
            Add(StatusCodes.Status401Unauthorized, "unauthorized");
            if (metadata.OfType<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Roles)))
            {
                Add(StatusCodes.Status403Forbidden, "forbidden");
            }
        }

        var parameters = description.ParameterDescriptions;
        if (parameters.Any(p => p.Source == BindingSource.Body))
        {
            Add(StatusCodes.Status400BadRequest, "validation_failed");
            Add(StatusCodes.Status413PayloadTooLarge, "payload_too_large");
            Add(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type");
        }

        if (parameters.Any(p => p.Source == BindingSource.Query || p.Source == BindingSource.Header))
        {
            Add(StatusCodes.Status400BadRequest, "validation_failed");
        }

        if (parameters.Any(p => p.Source == BindingSource.Header && p.Name == ApiHeaders.IdempotencyKey))
        {
            Add(StatusCodes.Status409Conflict, "idempotency_key_reused");
        }

        if (metadata.OfType<IfMatchHeaderAttribute>().Any())
        {
            Add(StatusCodes.Status412PreconditionFailed, "precondition_failed");
        }

        if (description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true)
        {
            Add(StatusCodes.Status503ServiceUnavailable, "database_unavailable");
        }

        return codes;
    }
}
