using PortfolioTracker.Application.Transactions;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Application.UnitTests.Transactions;

public class TransactionDtoTests
{
    private readonly LedgerBooks books = new();
    private readonly Guid aliceId = Guid.NewGuid();
    private readonly Account alice;
    private readonly Account bob;

    public TransactionDtoTests()
    {
        alice = new AccountBuilder().OwnedBy(aliceId).Build();
        bob = new AccountBuilder().Build();
    }

    [Fact]
    public void From_WhenACreditIsBooked_RendersEveryAmountWithTheAssetsDecimals()
    {
        var credit = Booked(Transaction.Credit(Guid.NewGuid(), alice, Usd(69.5m), books.WorldOf(TestAssets.Usd), "Gift", aliceId, LedgerBooks.Opened));

        var dto = TransactionDto.From(credit, _ => true);

        dto.Id.ShouldBe(credit.Id);
        dto.Type.ShouldBe("credit");
        dto.Status.ShouldBe("completed");
        dto.Description.ShouldBe("Gift");
        dto.CreatedAt.ShouldBe(LedgerBooks.Opened);
        dto.CreatedBy.ShouldBe(aliceId);
        dto.Postings.ShouldBe(
        [
            new PostingDto(alice.Id, "USD", "69.50", "69.50"),
            new PostingDto(books.WorldOf(TestAssets.Usd).Id, "USD", "-69.50", null), // applied by the store, not the domain
        ]);
    }

    [Fact]
    public void From_WhenTheViewerMayNotSeeAnAccount_HidesThatPostingsBalanceOnly()
    {
        var credit = Booked(Transaction.Credit(Guid.NewGuid(), alice, Usd(69.5m), books.WorldOf(TestAssets.Usd), null, aliceId, LedgerBooks.Opened));

        var dto = TransactionDto.From(credit, id => id == alice.Id);

        dto.Postings.Select(p => p.BalanceAfter).ShouldBe(["69.50", null]);
        dto.Postings.Select(p => p.Amount).ShouldBe(["69.50", "-69.50"]);
    }

    [Fact]
    public void From_WhenATransferIsPending_ShowsNoBalanceEvenToThoseWhoMaySeeIt()
    {
        books.Seed(alice, TestAssets.Usd, 100m);
        var pending = Booked(Transaction.Transfer(Guid.NewGuid(), alice, bob, Usd(40m), pending: true, null, aliceId, LedgerBooks.Opened));

        var dto = TransactionDto.From(pending, _ => true);

        dto.Status.ShouldBe("pending");
        dto.Postings.ShouldAllBe(p => p.BalanceAfter == null);
    }

    [Fact]
    public void From_WhenATradeIsBooked_DescribesTheTrade()
    {
        books.Seed(alice, TestAssets.Usd, 100m);
        var trade = Booked(Transaction.TradeAt(
            Guid.NewGuid(), alice, TradeSide.Sell, Money.Of(0.1m, TestAssets.Eth).Value, 2000.5m, Usd(0.5m),
            books.WorldOf(TestAssets.Eth), books.WorldOf(TestAssets.Usd), null, aliceId, LedgerBooks.Opened), fundEth: 1m);

        var dto = TransactionDto.From(trade, _ => false);

        // 0.1 ETH × 2000.5 = 200.05 USD; minus fee 0.50 = 199.55 received.
        dto.Trade.ShouldBe(new TradeDto("sell", "ETH", "0.100000000000000000", "USD", "2000.5", "200.05", "0.50", "199.55"));
        dto.Postings.Select(p => p.Amount).ShouldBe(["-0.100000000000000000", "0.100000000000000000", "199.55", "-199.55"]);
    }

    [Fact]
    public void From_WhenNotATrade_HasNoTradeDetails() =>
        TransactionDto.From(Booked(Transaction.Credit(Guid.NewGuid(), alice, Usd(1m), books.WorldOf(TestAssets.Usd), null, aliceId, LedgerBooks.Opened)), _ => true)
            .Trade.ShouldBeNull();

    [Fact]
    public void From_WhenTheTransactionWasReversed_LinksBothWays()
    {
        var credit = Booked(Transaction.Credit(Guid.NewGuid(), alice, Usd(5m), books.WorldOf(TestAssets.Usd), null, aliceId, LedgerBooks.Opened));
        var sheet = new BalanceSheet([books[alice, TestAssets.Usd], books[books.WorldOf(TestAssets.Usd), TestAssets.Usd]]);
        var reversal = credit.Reverse(Guid.NewGuid(), "mistake", [alice], sheet, Guid.NewGuid(), LedgerBooks.Opened).Value;

        var original = TransactionDto.From(credit, _ => true);
        var compensating = TransactionDto.From(reversal, _ => true);

        original.Status.ShouldBe("reversed");
        original.ReversedBy.ShouldBe(reversal.Id);
        compensating.Type.ShouldBe("reversal");
        compensating.ReversalOf.ShouldBe(credit.Id);
    }

    [Fact]
    public void ForViewer_WhenCalled_HidesOtherAccountsBalancesAndLeavesTheOriginalAlone()
    {
        var full = TransactionDtos.Trade();
        var own = full.Postings[0].AccountId;

        var viewed = full.ForViewer(id => id == own);

        viewed.Postings.Select(p => p.BalanceAfter).ShouldBe(["1.25000000", null, null, null]);
        viewed.Postings.Select(p => p.Amount).ShouldBe(full.Postings.Select(p => p.Amount));
        full.Postings[2].BalanceAfter.ShouldBe("73.74");
        (viewed with { Postings = full.Postings }).ShouldBe(full);
    }

    [Theory]
    [InlineData(TransactionType.Credit, "credit")]
    [InlineData(TransactionType.Debit, "debit")]
    [InlineData(TransactionType.Transfer, "transfer")]
    [InlineData(TransactionType.Trade, "trade")]
    [InlineData(TransactionType.Reversal, "reversal")]
    public void TypeName_WhenCalled_IsTheContractsName(TransactionType type, string expected) => TransactionDto.TypeName(type).ShouldBe(expected);

    [Theory]
    [InlineData(TransactionStatus.Pending, "pending")]
    [InlineData(TransactionStatus.Completed, "completed")]
    [InlineData(TransactionStatus.Voided, "voided")]
    [InlineData(TransactionStatus.Reversed, "reversed")]
    public void StatusName_WhenCalled_IsTheContractsName(TransactionStatus status, string expected) => TransactionDto.StatusName(status).ShouldBe(expected);

    private static Money Usd(decimal amount) => Money.Of(amount, TestAssets.Usd).Value;

    private Transaction Booked(Result<Transaction> created, decimal fundEth = 0m)
    {
        if (fundEth > 0)
        {
            books.Seed(alice, TestAssets.Eth, fundEth);
        }

        books.Book(created.Value);
        return created.Value;
    }
}
