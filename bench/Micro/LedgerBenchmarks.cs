using BenchmarkDotNet.Attributes;
using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Bench.Micro;

/// <summary>
/// Building transactions through the domain factories (each checks that its postings sum to zero per asset), the
/// balance keys it locks, booking it on a balance sheet and mapping it to its DTO.
/// </summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private static readonly Guid TransactionId = Guid.Parse("0197a000-0000-7000-8000-00000000c0de");
    private Money amount;
    private Money quantity;
    private Money fee;
    private Posting[] tradePostings = null!;
    private Transaction transfer = null!;

    [GlobalSetup]
    public void Setup()
    {
        amount = Money.Of(12.50m, TestData.Usd).Value;
        quantity = Money.Of(0.01234567m, TestData.Btc).Value;
        fee = Money.Of(0.99m, TestData.Usd).Value;
        transfer = Transaction.Transfer(TransactionId, TestData.From, TestData.To, amount, false, "rent", TestData.OwnerId, TestData.Now).Value;
        tradePostings = [.. BuyTrade().Value.Postings];
    }

    [Benchmark(Description = "Transaction.Transfer (2 postings, balanced)")]
    public Result<Transaction> Transfer() =>
        Transaction.Transfer(TransactionId, TestData.From, TestData.To, amount, false, "rent", TestData.OwnerId, TestData.Now);

    [Benchmark(Description = "Transaction.TradeAt buy (4 postings, 2 assets)")]
    public Result<Transaction> Trade() => BuyTrade();

    [Benchmark(Description = "Transaction.Rehydrate (4 postings: balance check)")]
    public Transaction Rehydrate() => Transaction.Rehydrate(
        TransactionId, TransactionType.Trade, TransactionStatus.Completed, tradePostings, null, TestData.Now, TestData.OwnerId,
        null, null, null, TestData.Now, 1);

    [Benchmark(Description = "Transaction.BalanceKeys")]
    public IReadOnlyList<BalanceKey> BalanceKeys() => transfer.BalanceKeys;

    [Benchmark(Description = "Transfer + lock sheet + Book")]
    public Result TransferAndBook()
    {
        var created = Transaction.Transfer(TransactionId, TestData.From, TestData.To, amount, false, "rent", TestData.OwnerId, TestData.Now).Value;
        var sheet = new BalanceSheet(
        [
            Balance.Rehydrate(TestData.From.Id, TestData.Usd, 1_000m, 0, 10, TestData.Now),
            Balance.Rehydrate(TestData.To.Id, TestData.Usd, 0, 0, 0, TestData.Now),
        ]);
        return created.Book(sheet, TestData.Now);
    }

    [Benchmark(Description = "TransactionDto.From (transfer)")]
    public TransactionDto ToDto() => TransactionDto.From(transfer, _ => true);

    private Result<Transaction> BuyTrade() => Transaction.TradeAt(
        TransactionId, TestData.From, TradeSide.Buy, quantity, 64250.12m, fee, TestData.BtcWorld, TestData.UsdWorld, null, TestData.OwnerId, TestData.Now);
}
