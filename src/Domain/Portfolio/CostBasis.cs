namespace PortfolioTracker.Domain.Portfolio;

/// <summary>
/// The weighted-average cost of one holding: what the units held cost in total. Acquisitions add their cost (or make
/// it unknown when theirs is unknown); disposals take cost away in proportion, leaving the average unchanged. Once the
/// holding is empty its cost is known again (zero). Exact decimal arithmetic; rounding is the caller's, at the end.
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

    /// <summary>Units leave; the cost leaving with them is their share of the total.</summary>
    public void Dispose(decimal quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (quantity >= Quantity)
        {
            Quantity = 0;
            Cost = 0;
            return;
        }

        if (Cost is { } cost)
        {
            Cost = cost - (cost * quantity / Quantity);
        }

        Quantity -= quantity;
    }
}
