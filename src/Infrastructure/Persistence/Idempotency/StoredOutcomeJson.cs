using System.Buffers;
using System.Text;
using System.Text.Json;
using PortfolioTracker.Application.Common.Idempotency;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Infrastructure.Persistence.Idempotency;

/// <summary>
/// How an outcome is kept in <c>idempotency_keys.outcome</c> (jsonb): <c>{"value": …}</c> with the answer's own JSON
/// nested as it is, or <c>{"errorCode", "errorMessage", "errorKind", "traceId"}</c>. Rows written before 22 Nov 2026
/// hold the answer as a string (<c>{"valueJson": "…"}</c>, JSON escaped inside JSON, twice the size); they are still
/// read.
/// </summary>
internal static class StoredOutcomeJson
{
    public static string Write(StoredOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.ErrorCode is null)
        {
            // The answer is JSON our serializer wrote: nested as it is, in one string.
            return string.Concat("{\"value\":", outcome.ValueJson ?? "null", "}");
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorCode", outcome.ErrorCode);
            writer.WriteString("errorMessage", outcome.ErrorMessage);
            if (outcome.ErrorKind is { } kind)
            {
                writer.WriteNumber("errorKind", (int)kind);
            }

            writer.WriteString("traceId", outcome.TraceId);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static StoredOutcome Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var valueJson = root.TryGetProperty("value", out var value)
            ? value.GetRawText()
            : String(root, "valueJson");
        ErrorKind? kind = root.TryGetProperty("errorKind", out var k) && k.ValueKind == JsonValueKind.Number ? (ErrorKind)k.GetInt32() : null;
        return new StoredOutcome(valueJson, String(root, "errorCode"), String(root, "errorMessage"), kind, String(root, "traceId"));
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;
}
