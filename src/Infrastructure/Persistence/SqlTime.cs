namespace PortfolioTracker.Infrastructure.Persistence;

/// <summary>Npgsql reads <c>timestamptz</c> as a UTC <see cref="DateTime"/>; the domain speaks <see cref="DateTimeOffset"/>.</summary>
internal static class SqlTime
{
    public static DateTimeOffset Utc(DateTime value) =>
        new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? Utc(DateTime? value) =>
        value is { } v ? Utc(v) : null;
}
