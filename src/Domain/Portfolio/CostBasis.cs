namespace PortfolioTracker.Domain.Portfolio;

/// <summary>
/// The weighted-average cost of one holding: what the units held cost in total. Acquisitions add their cost (or make
/// it unknown when theirs is unknown); releases (sales, withdrawals, transfers out) take cost away in proportion,
/// leaving the average unchanged. Once the holding is empty its cost is known again (zero). Exact decimal arithmetic;
/// rounding is the caller's, at the end.
/// </summary>
public sealed class CostBasis
{
    public decimal Quantity { get; private set; }

    /// <summary>The total cost of <see cref="Quantity"/>; null when some of the units have an unknown cost.</summary>
    public decimal? Cost { get; private set; } = 0m;

    /// <summary>Cost per unit; null when nothing is held or the cost is unknown.</summary>
    public decimal? AverageCost => Quantity > 0 && Cost is { } cost ? cost / Quantity : null;

    /// <summary>Units arrive, having cost <paramref name="cost"/> in all (null: unknown).</summary>
    public void Acquire(decimal quantity, decimal? cost)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (cost is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cost), cost, "A cost is not negative.");
        }

        Cost = Cost is { } held && cost is { } added ? held + added : null;
        Quantity += quantity;
    }

    /// <summary>
    /// Units leave; the cost leaving with them is their share of the total, which is returned (null when unknown).
    /// </summary>
    public decimal? Release(decimal quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (quantity >= Quantity)
        {
            var all = Cost;
            Quantity = 0;
            Cost = 0;
            return all;
        }

        decimal? leaving = null;
        if (Cost is { } cost)
        {
            leaving = cost * quantity / Quantity;
            Cost = cost - leaving;
        }

        Quantity -= quantity;
        return leaving;
    }

    /// <summary>The holdings of several books as one: their quantities and costs added up.</summary>
    public static CostBasis Combine(IEnumerable<CostBasis> books)
    {
        ArgumentNullException.ThrowIfNull(books);
        var combined = new CostBasis();
        foreach (var book in books.Where(b => b.Quantity > 0))
        {
            combined.Acquire(book.Quantity, book.Cost);
        }

        return combined;
    }
}
