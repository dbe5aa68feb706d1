using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortfolioTracker.Api.Http.Json;

/// <summary>Timestamps as RFC 3339 in UTC with microseconds (<c>2026-11-21T15:54:00.123456Z</c>); read ones are converted to UTC.</summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }
}
