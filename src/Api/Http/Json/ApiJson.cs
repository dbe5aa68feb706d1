using System.Text.Json;
using System.Text.Json.Serialization;

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
        return options;
    }
}
