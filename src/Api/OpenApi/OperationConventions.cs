using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PortfolioTracker.Api.Auth;
using PortfolioTracker.Api.Streaming;

namespace PortfolioTracker.Api.OpenApi;

/// <summary>
/// Operation transformer: the conventions every operation follows.
/// <list type="bullet">
/// <item>Security: the bearer token where the operation needs one (on the stream endpoints also <c>?access_token=</c>);
/// an empty requirement list (<c>security: []</c>) says so explicitly where it needs none.</item>
/// <item>JSON is documented as <c>application/json</c> only (the server also reads <c>text/json</c> and
/// <c>application/*+json</c>, and never writes <c>text/plain</c> for a JSON shape).</item>
/// <item>Shared parameters by reference: <c>Idempotency-Key</c>, <c>If-Match</c>, <c>Last-Event-ID</c>, and <c>limit</c>
/// with <c>cursor</c> on paginated lists; the other parameters get their <see cref="SchemaFactAttribute"/>s.</item>
/// <item>Response headers: <c>Location</c> on every 201, <c>ETag</c> where the operation sends one,
/// <c>Idempotent-Replayed</c> on the answers an <c>Idempotency-Key</c> replays (2xx and 422); the example of an event
/// stream (<see cref="EventStreamExampleAttribute"/>).</item>
/// </list>
/// </summary>
internal sealed class OperationConventions : IOpenApiOperationTransformer
{
    private const string Json = "application/json";

    /// <summary>Whether an endpoint with this metadata needs a bearer token.</summary>
    public static bool NeedsToken(IList<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;

        operation.Security ??= [];
        if (NeedsToken(metadata))
        {
            operation.Security.Add(Requirement(OpenApiSetup.BearerScheme, document));
            var path = new PathString("/" + description.RelativePath);
            if (JwtAuthentication.StreamPaths.Any(p => p.Equals(path, StringComparison.OrdinalIgnoreCase)))
            {
                operation.Security.Add(Requirement(OpenApiSetup.QueryTokenScheme, document));
            }
        }

        if (operation.RequestBody is OpenApiRequestBody { Content: { } requestContent } && requestContent.ContainsKey(Json))
        {
            KeepOnly(requestContent, Json);
        }

        Parameters(operation, description, metadata, document);
        Headers(operation, metadata, document);
        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static void Parameters(OpenApiOperation operation, ApiDescription description, IList<object> metadata, OpenApiDocument document)
    {
        var parameters = operation.Parameters ?? [];
        var paginated = parameters.Any(p => p.Name == "cursor" && p.In == ParameterLocation.Query);
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            var shared = (parameter.In, parameter.Name) switch
            {
                (ParameterLocation.Header, ApiHeaders.IdempotencyKey) => ApiHeaders.Parameters.IdempotencyKey,
                (ParameterLocation.Header, ApiHeaders.LastEventId) => ApiHeaders.Parameters.LastEventId,
                (ParameterLocation.Query, "limit") when paginated => ApiHeaders.Parameters.Limit,
                (ParameterLocation.Query, "cursor") => ApiHeaders.Parameters.Cursor,
                _ => null,
            };
            if (shared is not null)
            {
                parameters[i] = new OpenApiParameterReference(shared, document);
                continue;
            }

            if (parameter is OpenApiParameter inline)
            {
                ApplyFacts(inline, description);
            }
        }

        if (metadata.OfType<IfMatchHeaderAttribute>().Any())
        {
            parameters.Add(new OpenApiParameterReference(ApiHeaders.Parameters.IfMatch, document));
        }

        operation.Parameters = parameters.Count > 0 ? parameters : null;
    }

    /// <summary>The <see cref="SchemaFactAttribute"/>s of the action's parameter, applied to its schema.</summary>
    private static void ApplyFacts(OpenApiParameter parameter, ApiDescription description)
    {
        var match = description.ParameterDescriptions.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
        var info = match?.ParameterDescriptor is IParameterInfoParameterDescriptor descriptor ? descriptor.ParameterInfo : null;
        if (info is null || parameter.Schema is not OpenApiSchema schema)
        {
            return;
        }

        var facts = info.GetCustomAttributes(typeof(SchemaFactAttribute), inherit: true).Cast<SchemaFactAttribute>();
        foreach (var fact in SchemaFactAttribute.InOrder(facts))
        {
            if (fact is RequiredFieldAttribute)
            {
                parameter.Required = true;
            }

            fact.Apply(schema, owner: null, parameter.Name!);
        }
    }

    private static void Headers(OpenApiOperation operation, IList<object> metadata, OpenApiDocument document)
    {
        var idempotent = operation.Parameters?.OfType<OpenApiParameterReference>()
            .Any(p => p.Reference.Id == ApiHeaders.Parameters.IdempotencyKey) == true;
        var etag = metadata.OfType<ETagHeaderAttribute>().Any();
        foreach (var (key, value) in operation.Responses ?? [])
        {
            if (value is not OpenApiResponse response || !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                continue;
            }

            var success = status is >= 200 and < 300;
            if (success && response.Content is { } content && content.ContainsKey(Json))
            {
                KeepOnly(content, Json);
            }

            if (success && response.Content?.TryGetValue(StreamEndpoints.EventStream, out var stream) == true
                && metadata.OfType<EventStreamExampleAttribute>().FirstOrDefault() is { } example)
            {
                stream.Example = JsonValue.Create(example.Example);
            }

            var headers = new List<string>();
            if (status == StatusCodes.Status201Created)
            {
                headers.Add(ApiHeaders.Location);
            }

            if (etag && success)
            {
                headers.Add(ApiHeaders.ETag);
            }

            if (idempotent && (success || status == StatusCodes.Status422UnprocessableEntity))
            {
                headers.Add(ApiHeaders.IdempotentReplayed);
            }

            foreach (var header in headers)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[header] = new OpenApiHeaderReference(header, document);
            }
        }
    }

    private static void KeepOnly(IDictionary<string, OpenApiMediaType> content, string mediaType)
    {
        foreach (var other in content.Keys.Where(k => k != mediaType).ToList())
        {
            content.Remove(other);
        }
    }
}
