using PortfolioTracker.Application.Transactions;

namespace PortfolioTracker.Application.UnitTests.TestSupport;

/// <summary>Ready-made transaction answers, with nested postings and trade details, for tests that only carry them.</summary>
internal static class TransactionDtos
{
    public static TransactionDto Trade() => new(
        Guid.NewGuid(),
        "trade",
        "completed",
        [
            new PostingDto(Guid.NewGuid(), "BTC", "0.25000000", "1.25000000"),
            new PostingDto(Guid.NewGuid(), "BTC", "-0.25000000", null),
            new PostingDto(Guid.NewGuid(), "USD", "-26.26", "73.74"),
            new PostingDto(Guid.NewGuid(), "USD", "26.26", null),
        ],
        "First BTC",
        new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560),
        Guid.NewGuid(),
        null,
        null,
        new TradeDto("buy", "BTC", "0.25000000", "USD", "101.02", "25.26", "1.00", "26.26"));
}

internal static class TransactionDtoAssertions
{
    /// <summary>Field-by-field equality (a record compares its postings list by reference, a copy would differ).</summary>
    public static void ShouldEqual(this TransactionDto actual, TransactionDto expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        actual.Postings.ShouldBe(expected.Postings);
        (actual with { Postings = Array.Empty<PostingDto>() }).ShouldBe(expected with { Postings = Array.Empty<PostingDto>() });
    }
}
