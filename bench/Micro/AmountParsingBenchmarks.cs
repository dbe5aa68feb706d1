using BenchmarkDotNet.Attributes;
using FluentValidation.Results;
using PortfolioTracker.Application.Transactions.Commands.Transfer;
using PortfolioTracker.Bench.Micro.Fakes;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Bench.Micro;

/// <summary>
/// The API's amounts are decimal strings: parsed and checked against the asset's precision ("1.001" USD is refused by
/// <c>AssetRules.PositiveAmountOf</c> in the command validators, via <see cref="DecimalAmount.TryParse"/> and
/// <see cref="Money.Of"/>), and formatted back with exactly the asset's decimals.
/// </summary>
[MemoryDiagnoser]
public class AmountParsingBenchmarks
{
    private readonly TransferCommandValidator validator = new(new FakeAssetCatalog());
    private TransferCommand valid = null!;
    private TransferCommand tooPrecise = null!;
    private string text = null!;
    private decimal value;

    [GlobalSetup]
    public void Setup()
    {
        text = "1234.56";
        value = 1234.56m;
        valid = new TransferCommand(TestData.From.Id, TestData.To.Id, "USD", "12.50", "rent", false, null);
        tooPrecise = valid with { Amount = "1.001" };
    }

    [Benchmark(Description = "DecimalAmount.TryParse \"1234.56\"")]
    public decimal TryParse() => DecimalAmount.TryParse(text, out var parsed) ? parsed : -1;

    [Benchmark(Description = "Money.ParsePositive \"1234.56\" USD")]
    public Result<Money> ParsePositive() => Money.ParsePositive(text, TestData.Usd);

    [Benchmark(Description = "Money.ParsePositive \"1.001\" USD (refused)")]
    public Result<Money> ParsePositiveRefused() => Money.ParsePositive("1.001", TestData.Usd);

    [Benchmark(Description = "TransferCommandValidator, valid")]
    public Task<ValidationResult> ValidateTransfer() => validator.ValidateAsync(valid);

    [Benchmark(Description = "TransferCommandValidator, 1.001 USD refused")]
    public Task<ValidationResult> ValidateTransferRefused() => validator.ValidateAsync(tooPrecise);

    [Benchmark(Description = "Asset.Format (F2)")]
    public string Format() => TestData.Usd.Format(value);

    [Benchmark(Description = "DecimalAmount.FormatNormalized")]
    public string FormatNormalized() => DecimalAmount.FormatNormalized(value);
}
