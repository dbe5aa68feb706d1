using BenchmarkDotNet.Attributes;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Bench.Micro;

/// <summary>Money arithmetic and rounding to an asset's decimals: what every posting, balance and trade does.</summary>
[MemoryDiagnoser]
public class MoneyBenchmarks
{
    private Money usd1250;
    private Money usd99;
    private decimal quantity;
    private decimal price;
    private decimal ethAmount;

    [GlobalSetup]
    public void Setup()
    {
        usd1250 = Money.Of(12.50m, TestData.Usd).Value;
        usd99 = Money.Of(0.99m, TestData.Usd).Value;
        quantity = 0.01234567m;
        price = 64250.12m;
        ethAmount = 1.000000000000000001m;
    }

    [Benchmark(Description = "Money + Money (USD)")]
    public Money Add() => usd1250 + usd99;

    [Benchmark(Description = "Money - Money (USD)")]
    public Money Subtract() => usd1250 - usd99;

    [Benchmark(Description = "Money == Money and amount >")]
    public bool Compare() => usd1250 == usd99 || usd1250.Amount > usd99.Amount;

    [Benchmark(Description = "Money.Of 12.50 USD (fits 2 decimals)")]
    public Result<Money> OfUsd() => Money.Of(12.50m, TestData.Usd);

    [Benchmark(Description = "Money.Of 1.000000000000000001 ETH (18 decimals)")]
    public Result<Money> OfEth() => Money.Of(ethAmount, TestData.Eth);

    [Benchmark(Description = "Money.Of 1.001 USD (refused)")]
    public Result<Money> OfRefused() => Money.Of(1.001m, TestData.Usd);

    [Benchmark(Description = "Asset.Fits (FractionDigits)")]
    public bool Fits() => TestData.Usd.Fits(price);

    [Benchmark(Description = "DecimalAmount.Round to 2 decimals")]
    public decimal Round() => DecimalAmount.Round(quantity * price, TestData.Usd.Decimals);

    [Benchmark(Description = "DecimalAmount.MultiplyRounded qty×price → USD")]
    public decimal MultiplyRounded() => DecimalAmount.MultiplyRounded(quantity, price, TestData.Usd.Decimals);

    [Benchmark(Description = "DecimalAmount.DivideRounded → BTC")]
    public decimal DivideRounded() => DecimalAmount.DivideRounded(usd1250.Amount, price, TestData.Btc.Decimals);
}
