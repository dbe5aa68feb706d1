using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Application.Audit;
using PortfolioTracker.Application.Auth;
using PortfolioTracker.Application.Common.Lists;
using PortfolioTracker.Application.Portfolio;
using PortfolioTracker.Application.Prices;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Api.Health;
using PortfolioTracker.Api.Http.Problems;

namespace PortfolioTracker.Api.OpenApi;

/// <summary>
/// Schema transformer: what the JSON schemas of the wire shapes cannot learn from their C# types.
/// <list type="bullet">
/// <item>Request contracts (<c>Api/Contracts</c>) carry <see cref="SchemaFactAttribute"/>s on their properties.</item>
/// <item>Response shapes live in the Application layer, which knows nothing of OpenAPI: their facts are listed here, by
/// type and member (a member listed here that does not exist stops the document's generation).</item>
/// <item>Every member of a response shape is always present (null when it has no value), so all are <c>required</c>.</item>
/// <item>Timestamps are strings in <c>date-time</c> format (our converter hides that from the schema exporter).</item>
/// </list>
/// </summary>
internal sealed class WireSchemas : IOpenApiSchemaTransformer
{
    private const string Uuid = "0193a1c2-7d4e-7b3a-9f10-2c4d5e6f7a81";

    private static readonly DecimalStringAttribute Money = new(DecimalKind.Unsigned, "100.00");
    private static readonly DecimalStringAttribute UnitPrice = new(DecimalKind.Unsigned, "64250.5");
    private static readonly DecimalStringAttribute SignedMoney = new(DecimalKind.Signed, "-40.00");
    private static readonly ExampleAttribute AssetCode = new("USD");

    /// <summary>Facts of the response shapes, by type and wire (camelCase) member name.</summary>
    private static readonly Dictionary<Type, Dictionary<string, SchemaFactAttribute[]>> ResponseFacts = new()
    {
        [typeof(UserDto)] = new()
        {
            ["id"] = [new ExampleAttribute(Uuid)],
            ["username"] = [new ExampleAttribute("alice")],
            ["email"] = [new FormatAttribute("email"), new ExampleAttribute("alice@example.com")],
            ["role"] = [new ValuesAttribute(UserRoleNames.User, UserRoleNames.Admin)],
        },
        [typeof(TokenPairDto)] = new()
        {
            ["tokenType"] = [new ValuesAttribute("Bearer")],
            ["expiresIn"] = [new ExampleAttribute(900)],
        },
        [typeof(AssetDto)] = new()
        {
            ["code"] = [new ExampleAttribute("BTC")],
            ["name"] = [new ExampleAttribute("Bitcoin")],
            ["kind"] = [new ValuesAttribute("fiat", "crypto")],
            ["decimals"] = [new BetweenAttribute(0, 18), new ExampleAttribute(8)],
            ["priceId"] = [new ExampleAttribute("bitcoin")],
        },
        [typeof(AccountDto)] = new()
        {
            ["id"] = [new ExampleAttribute(Uuid)],
            ["name"] = [new ExampleAttribute("Main")],
            ["baseCurrency"] = [AssetCode],
            ["status"] = [new ValuesAttribute("open", "closed")],
        },
        [typeof(BalanceDto)] = new()
        {
            ["asset"] = [AssetCode],
            ["amount"] = [Money],
            ["available"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "60.00")],
        },
        [typeof(BalancePointDto)] = new() { ["amount"] = [Money] },
        [typeof(TransactionDto)] = new()
        {
            ["type"] = [new ValuesAttribute("credit", "debit", "transfer", "trade", "reversal")],
            ["status"] = [new ValuesAttribute("pending", "completed", "voided", "reversed")],
            ["description"] = [new ExampleAttribute("Rent")],
        },
        [typeof(PostingDto)] = new()
        {
            ["asset"] = [AssetCode],
            ["amount"] = [SignedMoney],
            ["balanceAfter"] = [new DecimalStringAttribute(DecimalKind.Signed, "60.00")],
        },
        [typeof(TradeDto)] = new()
        {
            ["side"] = [new ValuesAttribute("buy", "sell")],
            ["asset"] = [new ExampleAttribute("BTC")],
            ["quantity"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "0.00100000")],
            ["quoteAsset"] = [AssetCode],
            ["price"] = [UnitPrice],
            ["quoteAmount"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "64.25")],
            ["fee"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "0.10")],
            ["total"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "64.35")],
        },
        [typeof(UnitCostDto)] = new() { ["asset"] = [AssetCode], ["price"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "3000")] },
        [typeof(PriceDto)] = PriceFacts(),
        [typeof(BulkPriceItemDto)] = PriceFacts(),
        [typeof(PricePointDto)] = new() { ["price"] = [UnitPrice] },
        [typeof(PriceErrorDto)] = new() { ["code"] = [new ExampleAttribute("price_unavailable")] },
        [typeof(PriceCacheStatsDto)] = new() { ["hitRatio"] = [new BetweenAttribute(0, 1), new ExampleAttribute(0.9375)] },
        [typeof(PortfolioDto)] = new()
        {
            ["quote"] = [AssetCode],
            ["totalValue"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "29485.04")],
            ["totalCost"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "28537.00")],
            ["unrealizedPnl"] = [new DecimalStringAttribute(DecimalKind.Signed, "948.04")],
        },
        [typeof(HoldingDto)] = new()
        {
            ["asset"] = [new ExampleAttribute("BTC")],
            ["quantity"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "0.07000000")],
            ["price"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "100000.5")],
            ["value"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "7000.04")],
            ["averageCost"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "82885.71")],
            ["costBasis"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "5802.00")],
            ["unrealizedPnl"] = [new DecimalStringAttribute(DecimalKind.Signed, "1198.04")],
            ["allocationPct"] = [new DecimalStringAttribute(DecimalKind.Percent, "23.74")],
        },
        [typeof(PerformanceDto)] = new() { ["quote"] = [AssetCode] },
        [typeof(PerformancePointDto)] = new() { ["value"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "29485.04")] },
        [typeof(PerformanceErrorDto)] = new() { ["asset"] = [new ExampleAttribute("ETH")], ["code"] = [new ExampleAttribute("price_unavailable")] },
        [typeof(AuditEntryDto)] = new()
        {
            ["action"] = [new ExampleAttribute("account.opened")],
            ["entityType"] = [new ExampleAttribute("account")],
            ["outcome"] = [new ValuesAttribute("succeeded", "refused")],
            ["code"] = [new ExampleAttribute("insufficient_funds")],
            ["clientIp"] = [new ExampleAttribute("203.0.113.7")],
        },
        [typeof(HealthReportDto)] = new() { ["status"] = [new ValuesAttribute("healthy", "degraded", "unhealthy")] },
        [typeof(HealthCheckDto)] = new() { ["status"] = [new ValuesAttribute("healthy", "degraded", "unhealthy")] },
        [typeof(ApiProblem)] = new()
        {
            ["type"] = [new FormatAttribute("uri"), new ExampleAttribute("urn:portfoliotracker:problem:insufficient_funds")],
            ["title"] = [new ExampleAttribute("Insufficient funds")],
            ["status"] = [new BetweenAttribute(400, 599), new ExampleAttribute(422)],
            ["detail"] = [new ExampleAttribute("The account's available balance does not cover this amount.")],
            ["instance"] = [new FormatAttribute("uri-reference"), new ExampleAttribute("/api/v1/transactions/debit")],
            ["code"] = [new PatternAttribute("^[a-z][a-z0-9_]*$"), new ExampleAttribute("insufficient_funds")],
            ["traceId"] = [new ExampleAttribute("4bf92f3577b34da6a3ce929d0e0e4736")],
        },
    };

    /// <summary>Members of <see cref="AuditEntryDto"/> that hold any JSON (the entity's state before and after).</summary>
    private static readonly string[] AnyJsonMembers = ["before", "after"];

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?))
        {
            // RFC 3339 in UTC (our converter writes them; the exporter cannot see what it writes).
            var nullable = type == typeof(DateTimeOffset?) && context.ParameterDescription is null;
            schema.Type = JsonSchemaType.String | (nullable ? JsonSchemaType.Null : 0);
            schema.Format = "date-time";
            return Task.CompletedTask;
        }

        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is null)
        {
            return Task.CompletedTask;
        }

        var isResponse = ResponseFacts.ContainsKey(type) || type.Assembly == typeof(ItemList<>).Assembly;
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (!schema.Properties.TryGetValue(property.Name, out var member))
            {
                continue;
            }

            if (isResponse)
            {
                schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
                schema.Required.Add(property.Name);
            }

            if (member is not OpenApiSchema memberSchema)
            {
                continue;
            }

            var attributes = property.AttributeProvider?.GetCustomAttributes(typeof(SchemaFactAttribute), inherit: true) ?? [];
            foreach (var fact in SchemaFactAttribute.InOrder(attributes.Cast<SchemaFactAttribute>()))
            {
                fact.Apply(memberSchema, schema, property.Name);
            }
        }

        if (type == typeof(AuditEntryDto))
        {
            foreach (var name in AnyJsonMembers)
            {
                schema.Properties[name] = new OpenApiSchema
                {
                    Description = $"The entity's state {name} the change, as JSON (any shape); null when it does not apply.",
                };
            }
        }

        if (ResponseFacts.TryGetValue(type, out var facts))
        {
            foreach (var (name, memberFacts) in facts)
            {
                if (!schema.Properties.TryGetValue(name, out var member) || member is not OpenApiSchema memberSchema)
                {
                    throw new InvalidOperationException($"{nameof(WireSchemas)} describes '{name}' of {type.Name}, which has no such member.");
                }

                foreach (var fact in memberFacts)
                {
                    fact.Apply(memberSchema, schema, name);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static Dictionary<string, SchemaFactAttribute[]> PriceFacts() => new()
    {
        ["coinId"] = [new ExampleAttribute("bitcoin")],
        ["symbol"] = [new ExampleAttribute("BTC")],
        ["name"] = [new ExampleAttribute("Bitcoin")],
        ["price"] = [UnitPrice],
        ["marketCap"] = [new DecimalStringAttribute(DecimalKind.Unsigned, "1272000000000")],
        ["change24h"] = [new DecimalStringAttribute(DecimalKind.Percent, "-3.21")],
        ["vs"] = [new ExampleAttribute("usd")],
        ["source"] = [new ExampleAttribute("coingecko")],
    };
}
