namespace PortfolioTracker.Application.Prices;

/// <summary>Prices over time, oldest first; read at any instant as the last point at or before it.</summary>
public sealed class PriceSeries
{
    public PriceSeries(IReadOnlyList<PricePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        Points = [.. points.OrderBy(p => p.At)];
    }

    /// <summary>A price of one at all times (an asset in itself).</summary>
    public static PriceSeries One { get; } = new([new PricePoint(DateTimeOffset.MinValue, 1m)]);

    public IReadOnlyList<PricePoint> Points { get; }

    /// <summary>When the series starts; before it, <see cref="Covers"/> is false.</summary>
    public DateTimeOffset Start => Points.Count == 0 ? DateTimeOffset.MaxValue : Points[0].At;

    public bool Covers(DateTimeOffset at) => Points.Count > 0 && at >= Start;

    /// <summary>The price at <paramref name="at"/>: the last point at or before it (the first point before the series starts).</summary>
    public decimal At(DateTimeOffset at)
    {
        if (Points.Count == 0)
        {
            throw new InvalidOperationException("An empty series has no price.");
        }

        int low = 0, high = Points.Count - 1, found = 0;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (Points[middle].At <= at)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return Points[found].Price;
    }
}
