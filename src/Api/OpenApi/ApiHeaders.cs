using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Application.Common.Pagination;
using PortfolioTracker.Api.Http.Filters;

namespace PortfolioTracker.Api.OpenApi;

/// <summary>
/// The headers and parameters many operations share, defined once under <c>components</c> and referenced by the
/// operations that use them (see <see cref="OperationConventions"/>).
/// </summary>
internal static class ApiHeaders
{
    public const string RetryAfter = "Retry-After";
    public const string Location = "Location";
    public const string ETag = "ETag";
    public const string IdempotencyKey = "Idempotency-Key";
    public const string IdempotentReplayed = IdempotencyReplayHeaderFilter.Header;
    public const string IfMatch = "If-Match";
    public const string LastEventId = "Last-Event-ID";

    /// <summary>Component ids of the shared parameters.</summary>
    public static class Parameters
    {
        public const string IdempotencyKey = "IdempotencyKey";
        public const string IfMatch = "IfMatch";
        public const string Limit = "Limit";
        public const string Cursor = "Cursor";
        public const string LastEventId = "LastEventId";
    }

    /// <summary>Adds the shared headers and parameters to the document's components.</summary>
    public static void Register(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        var headers = document.Components.Headers;
        headers[RetryAfter] = Header(
            "Seconds to wait before retrying.",
            new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Examples = [JsonValue.Create(5)] });
        headers[Location] = Header(
            "The path of the created resource (e.g. `/api/v1/accounts/{id}`).",
            new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" });
        headers[ETag] = Header(
            "The resource's version as a strong entity tag; send it back in `If-Match` to change the resource only if nobody else did.",
            new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^\"[0-9]+\"$", Examples = [JsonValue.Create("\"3\"")] });
        headers[IdempotentReplayed] = Header(
            "`true` when this is the stored answer of an earlier request with the same `Idempotency-Key` and body (absent otherwise).",
            new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] });

        document.Components.Parameters ??= new Dictionary<string, IOpenApiParameter>();
        var parameters = document.Components.Parameters;
        parameters[Parameters.IdempotencyKey] = new OpenApiParameter
        {
            Name = IdempotencyKey,
            In = ParameterLocation.Header,
            Description = "Makes the request safe to retry: 1–255 printable ASCII characters, scoped to you and kept at least 24 hours. " +
                "The same key with the same body answers the original status and body again (with `Idempotent-Replayed: true`); " +
                "with another body, 409 `idempotency_key_reused`. Successes and 422 refusals are stored; a 400 stores nothing. " +
                "A duplicate sent while the first is still running waits for it and gets its answer.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MinLength = 1,
                MaxLength = IdempotencyKeyRules.MaxLength,
                Pattern = "^[ -~]+$",
                Examples = [JsonValue.Create("deposit-2026-11-21-0001")],
            },
        };
        parameters[Parameters.IfMatch] = new OpenApiParameter
        {
            Name = IfMatch,
            In = ParameterLocation.Header,
            Description = "Entity tags from an `ETag` (comma-separated): the change is made only if one of them is the resource's current version, " +
                "otherwise 412 `precondition_failed`. Absent or `*`: the change is unconditional.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Examples = [JsonValue.Create("\"3\"")] },
        };
        parameters[Parameters.Limit] = new OpenApiParameter
        {
            Name = "limit",
            In = ParameterLocation.Query,
            Description = $"Page size, 1–{PageRequest.MaxLimit} (outside that range: 400).",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Format = "int32",
                Minimum = "1",
                Maximum = PageRequest.MaxLimit.ToString(CultureInfo.InvariantCulture),
                Default = JsonValue.Create(PageRequest.DefaultLimit),
            },
        };
        parameters[Parameters.Cursor] = new OpenApiParameter
        {
            Name = "cursor",
            In = ParameterLocation.Query,
            Description = "The `nextCursor` of the previous page; omit it for the first page. Opaque: a cursor not returned by this list is a 400.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        parameters[Parameters.LastEventId] = new OpenApiParameter
        {
            Name = LastEventId,
            In = ParameterLocation.Header,
            Description = "The last event `id` the client received (EventSource sends it when it reconnects): ids continue after it, and the first " +
                "update, sent at once, carries the latest state.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Examples = [JsonValue.Create("41")] },
        };
    }

    private static OpenApiHeader Header(string description, OpenApiSchema schema) => new() { Description = description, Schema = schema };
}
