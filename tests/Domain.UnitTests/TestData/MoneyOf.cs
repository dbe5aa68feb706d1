using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.UnitTests.TestData;

/// <summary>Short-hands for valid amounts in tests: <c>MoneyOf.Usd(12.50m)</c>.</summary>
internal static class MoneyOf
{
    public static Money Usd(decimal amount) => Of(amount, TestAssets.Usd);

    public static Money Btc(decimal amount) => Of(amount, TestAssets.Btc);

    public static Money Of(decimal amount, Asset asset) => Money.Of(amount, asset).Value;
}
