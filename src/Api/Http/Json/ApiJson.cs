using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PortfolioTracker.Api.Http.Json;

/// <summary>The JSON conventions of the API, shared by MVC, minimal endpoints and problem writers.</summary>
public static class ApiJson
{
    /// <summary>Deep enough for every request shape, shallow enough that nesting cannot be used to burn the stack.</summary>
    public const int MaxDepth = 32;

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = MaxDepth;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.TypeInfoResolver = options.TypeInfoResolver?.WithAddedModifier(RefuseNulInStrings)
            ?? new DefaultJsonTypeInfoResolver { Modifiers = { RefuseNulInStrings } };
        return options;
    }

    /// <summary>
    /// Refuses a string member holding a NUL character (<c>"\u0000"</c>): no field of the API can carry one and
    /// PostgreSQL cannot store or compare it in <c>text</c>, so it would otherwise fail as a 500 deep in a query. The
    /// refusal is a <see cref="JsonException"/>, which model binding turns into <c>400 validation_failed</c> under the
    /// member's name. (A setter hook rather than a string converter, so that the OpenAPI schemas stay plain strings.)
    /// </summary>
    private static void RefuseNulInStrings(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.PropertyType != typeof(string) || property.Set is not { } set)
            {
                continue;
            }

            property.Set = (target, value) =>
            {
                if (value is string text && text.Contains('\0', StringComparison.Ordinal))
                {
                    throw new JsonException("A string must not contain a NUL character.");
                }

                set(target, value);
            };
        }
    }
}
