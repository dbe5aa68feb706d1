using PortfolioTracker.Application.Assets;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Infrastructure.Persistence.Ledger;

internal sealed class BalanceRow
{
    public const string Columns = CommandSql.BalanceColumns;

    public Guid AccountId { get; init; }

    public string Asset { get; init; } = string.Empty;

    public decimal Amount { get; init; }

    public decimal Held { get; init; }

    public long EntryCount { get; init; }

    public DateTime UpdatedAt { get; init; }

    public async Task<Balance> ToBalanceAsync(IAssetCatalog catalog, CancellationToken cancellationToken)
    {
        var asset = await catalog.FindAsync(AssetCode.Parse(Asset), cancellationToken)
            ?? throw new InvalidOperationException($"Balance of unknown asset {Asset}.");
        return Balance.Rehydrate(AccountId, asset, Amount, Held, EntryCount, SqlTime.Utc(UpdatedAt));
    }
}
