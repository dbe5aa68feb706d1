using Dapper;
using Npgsql;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Infrastructure.Persistence.Accounts;

namespace PortfolioTracker.Infrastructure.Persistence.Assets;

internal sealed class AssetRepository(DbSession session, AccountRepository accounts) : IAssetRepository
{
    public async Task<Result> AddAsync(Asset asset, Account world, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var connection = await session.ConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO assets (code, name, kind, decimals, price_id) VALUES (@code, @Name, @kind, @decimals, @PriceId)",
                new
                {
                    code = asset.Code.Value,
                    asset.Name,
                    kind = AssetKinds.ToName(asset.Kind),
                    decimals = (short)asset.Decimals,
                    asset.PriceId,
                },
                session.Transaction,
                cancellationToken: cancellationToken));
        }
        catch (PostgresException exception) when (UniqueViolation.ConstraintOf(exception) is "assets_pkey" or "assets_price_id_key")
        {
            return exception.ConstraintName == "assets_pkey"
                ? AssetErrors.CodeTaken
                : Error.Conflict("price_id_taken", "Another asset already uses this price id.");
        }

        return await accounts.AddAsync(world, cancellationToken);
    }
}
