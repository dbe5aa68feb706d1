using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace PortfolioTracker.Api.OpenApi;

/// <summary>
/// A fact about a member of a wire shape (a property of a request or response, or a query parameter) that its C# type
/// cannot say: required, a decimal string, allowed values, bounds, an example. These attributes only describe; they
/// validate nothing (the request validators do, with the same limits). <see cref="WireSchemas"/> applies them to the
/// schemas of the OpenAPI document; <see cref="OperationConventions"/> to parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = true)]
internal abstract class SchemaFactAttribute : Attribute
{
    /// <summary>
    /// Applies the fact to <paramref name="member"/>, the schema of member <paramref name="name"/> of
    /// <paramref name="owner"/> (null for a parameter).
    /// </summary>
    public abstract void Apply(OpenApiSchema member, OpenApiSchema? owner, string name);

    /// <summary>
    /// The facts in the order they apply: <see cref="RequiredFieldAttribute"/> first, since what others add depends on
    /// whether the member may be null (reflection returns attributes in no guaranteed order).
    /// </summary>
    public static IEnumerable<SchemaFactAttribute> InOrder(IEnumerable<SchemaFactAttribute> facts) =>
        facts.OrderBy(f => f is RequiredFieldAttribute ? 0 : 1);

    /// <summary>Whether the schema admits <c>null</c>.</summary>
    protected static bool IsNullable(OpenApiSchema schema) => schema.Type is { } type && type.HasFlag(JsonSchemaType.Null);
}

/// <summary>The member must be sent, and not as <c>null</c> (the validator answers 400 otherwise).</summary>
internal sealed class RequiredFieldAttribute : SchemaFactAttribute
{
    public override void Apply(OpenApiSchema member, OpenApiSchema? owner, string name)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (member.Type is { } type)
        {
            member.Type = type & ~JsonSchemaType.Null;
        }

        if (owner is not null)
        {
            owner.Required ??= new HashSet<string>(StringComparer.Ordinal);
            owner.Required.Add(name);
        }
    }
}

/// <summary>What a decimal string may hold.</summary>
internal enum DecimalKind
{
    /// <summary>What requests send: digits with an optional fraction, no sign, exponent or spaces (<c>"0.00012345"</c>), at most 64 characters.</summary>
    Request,

    /// <summary>Digits with an optional fraction, never negative (<c>"0.10000000"</c>).</summary>
    Unsigned,

    /// <summary>As <see cref="Unsigned"/>, negative values with a leading minus (<c>"-40.00"</c>).</summary>
    Signed,

    /// <summary>A percentage with exactly two decimals, possibly negative (<c>"-3.21"</c>).</summary>
    Percent,
}

/// <summary>
/// An amount, quantity or price on the wire: a JSON string holding a decimal number (<c>format: decimal</c>), never a
/// JSON number, so that no client loses precision.
/// </summary>
internal sealed class DecimalStringAttribute(DecimalKind kind, string example) : SchemaFactAttribute
{
    public const string Format = "decimal";

    /// <summary>Longest decimal string a request may send (see <c>DecimalAmount.TryParse</c>).</summary>
    public const int MaxLength = 64;

    public DecimalKind Kind { get; } = kind;

    public string Example { get; } = example;

    public static string PatternOf(DecimalKind kind) => kind switch
    {
        DecimalKind.Request or DecimalKind.Unsigned => "^[0-9]+(\\.[0-9]+)?$",
        DecimalKind.Signed => "^-?[0-9]+(\\.[0-9]+)?$",
        _ => "^-?[0-9]+\\.[0-9]{2}$",
    };

    public override void Apply(OpenApiSchema member, OpenApiSchema? owner, string name)
    {
        ArgumentNullException.ThrowIfNull(member);
        member.Type = JsonSchemaType.String | (IsNullable(member) ? JsonSchemaType.Null : 0);
        member.Format = Format;
        member.Pattern = PatternOf(Kind);
        member.MaxLength = Kind == DecimalKind.Request ? MaxLength : null;
        member.Examples = [JsonValue.Create(Example)];
    }
}

/// <summary>The only values a string member takes (an <c>enum</c>; <c>null</c> too when the member is nullable).</summary>
internal sealed class ValuesAttribute(params string[] values) : SchemaFactAttribute
{
    public IReadOnlyList<string> Values { get; } = values;

    public override void Apply(OpenApiSchema member, OpenApiSchema? owner, string name)
    {
        ArgumentNullException.ThrowIfNull(member);
        var values = Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToList();
        if (IsNullable(member))
        {
            values.Add(null);
        }

        member.Enum = values!;
        member.Examples = [JsonValue.Create(Values[0])];
    }
}

/// <summary>Inclusive bounds of an integer member or parameter.</summary>
internal sealed class BetweenAttribute(long minimum, long maximum) : SchemaFactAttribute
{
    public override void Apply(OpenApiSchema member, OpenApiSchema? owner, string name)
    {
        ArgumentNullException.ThrowIfNull(member);
        member.Minimum = minimum.ToString(CultureInfo.InvariantCulture);
        member.Maximum = maximum.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// The value used when an optional parameter is left out. Request members say their default in their description
/// instead: some generators (openapi-typescript) make a member with a <c>default</c> required in the request type.
/// </summary>
internal sealed class DefaultAttribute : SchemaFactAttribute
{
    private readonly JsonNode value;

    public DefaultAttribute(string value) => this.value = JsonValue.Create(value);

    public DefaultAttribute(long value) => this.value = JsonValue.Create(value);

    public DefaultAttribute(bool value) => this.value = JsonValue.Create(value);

    public override void Apply(OpenApiSchema member, OpenApiSchema? owner, string name)
    {
        ArgumentNullException.ThrowIfNull(member);
        member.Default = value.DeepClone();
    }
}

/// <summary>Bounds of a string member's length.</summary>
internal sealed class LengthBetweenAttribute(int minimum, int maximum) : SchemaFactAttribute
{
    public override void Apply(OpenApiSchema member, OpenApiSchema? owner, string name)
    {
        ArgumentNullException.ThrowIfNull(member);
        member.MinLength = minimum > 0 ? minimum : null;
        member.MaxLength = maximum;
    }
}

/// <summary>Bounds of an array member's length.</summary>
internal sealed class ItemsBetweenAttribute(int minimum, int maximum) : SchemaFactAttribute
{
    public override void Apply(OpenApiSchema member, OpenApiSchema? owner, string name)
    {
        ArgumentNullException.ThrowIfNull(member);
        member.MinItems = minimum;
        member.MaxItems = maximum;
    }
}

/// <summary>A regular expression (ECMA-262, as JSON Schema has them) a string member matches.</summary>
internal sealed class PatternAttribute(string pattern) : SchemaFactAttribute
{
    /// <summary>An asset code as requests may send it (any case: <c>"btc"</c> is <c>BTC</c>).</summary>
    public const string AssetCode = "^[A-Za-z0-9]{2,12}$";

    /// <summary>A market-data id such as <c>bitcoin</c> or <c>avalanche-2</c>.</summary>
    public const string CoinId = "^[a-z0-9][a-z0-9-]{0,99}$";

    public override void Apply(OpenApiSchema member, OpenApiSchema? owner, string name)
    {
        ArgumentNullException.ThrowIfNull(member);
        member.Pattern = pattern;
    }
}

/// <summary>A <c>format</c> of a string member (<c>email</c>, <c>uri</c>, …).</summary>
internal sealed class FormatAttribute(string format) : SchemaFactAttribute
{
    public override void Apply(OpenApiSchema member, OpenApiSchema? owner, string name)
    {
        ArgumentNullException.ThrowIfNull(member);
        member.Format = format;
    }
}

/// <summary>An example value of a member or parameter.</summary>
internal sealed class ExampleAttribute : SchemaFactAttribute
{
    private readonly JsonNode value;

    public ExampleAttribute(string value) => this.value = JsonValue.Create(value);

    public ExampleAttribute(long value) => this.value = JsonValue.Create(value);

    /// <summary>A JSON number that is not money (the cache's <c>hitRatio</c>); amounts are decimal strings.</summary>
    public ExampleAttribute(double value) => this.value = JsonValue.Create(value);

    public ExampleAttribute(bool value) => this.value = JsonValue.Create(value);

    public override void Apply(OpenApiSchema member, OpenApiSchema? owner, string name)
    {
        ArgumentNullException.ThrowIfNull(member);
        member.Examples = [value.DeepClone()];
    }
}
