using Dapper;
using Npgsql;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Application.Assets;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;
using PortfolioTracker.Infrastructure.Persistence.Ledger;

namespace PortfolioTracker.Infrastructure.Persistence.Accounts;

internal sealed class AccountRepository(DbSession session, WorldAccounts worlds, IAssetCatalog catalog) : IAccountRepository
{
    public async Task<Account?> FindForUpdateAsync(Guid id, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            $"SELECT {AccountRow.Columns} FROM accounts WHERE id = @id AND NOT is_world FOR UPDATE",
            new { id },
            session.Transaction,
            cancellationToken: cancellationToken));
        return row?.ToAccount();
    }

    public async Task<IReadOnlyList<Account>> LockForMovementAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        object?[] distinct = [.. ids.Distinct().Select(id => (object?)id)];
        if (distinct.Length == 0)
        {
            return [];
        }

        await using var command = await session.CommandAsync(CommandSql.LockAccounts(distinct.Length), cancellationToken, distinct);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<Account>(distinct.Length);
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(AccountRow.Read(reader).ToAccount());
        }

        return accounts;
    }

    public async Task<Account> GetWorldAsync(AssetCode asset, CancellationToken cancellationToken)
    {
        if (worlds.Find(asset) is { } known)
        {
            return known;
        }

        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            $"SELECT {AccountRow.Columns} FROM accounts WHERE is_world AND base_currency = @asset",
            new { asset = asset.Value },
            session.Transaction,
            cancellationToken: cancellationToken)) ?? throw new InvalidOperationException($"Asset {asset} has no world account.");
        var world = row.ToAccount();
        worlds.Remember(world);
        return world;
    }

    public async Task<IReadOnlyList<Balance>> LockBalancesAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<BalanceRow>(new CommandDefinition(
            $"SELECT {BalanceRow.Columns} FROM balances WHERE account_id = @accountId ORDER BY asset COLLATE \"C\" FOR UPDATE",
            new { accountId },
            session.Transaction,
            cancellationToken: cancellationToken));
        var balances = new List<Balance>();
        foreach (var row in rows)
        {
            balances.Add(await row.ToBalanceAsync(catalog, cancellationToken));
        }

        return balances;
    }

    public async Task<Result> AddAsync(Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var connection = await session.ConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO accounts (id, owner_id, name, name_normalized, base_currency, status, is_world, created_at, updated_at, version)
                VALUES (@Id, @OwnerId, @name, @normalized, @baseCurrency, @status, @IsWorld, @CreatedAt, @UpdatedAt, @Version)
                """,
                new
                {
                    account.Id,
                    account.OwnerId,
                    name = account.Name.Value,
                    normalized = account.Name.Normalized,
                    baseCurrency = account.BaseCurrency.Value,
                    status = AccountDto.StatusName(account.Status),
                    account.IsWorld,
                    account.CreatedAt,
                    account.UpdatedAt,
                    account.Version,
                },
                session.Transaction,
                cancellationToken: cancellationToken));
            return Result.Success();
        }
        catch (PostgresException exception) when (UniqueViolation.ConstraintOf(exception) == "accounts_owner_name_key")
        {
            return AccountErrors.NameTaken;
        }
    }

    public async Task<Result> UpdateAsync(Account account, int loadedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var connection = await session.ConnectionAsync(cancellationToken);
        try
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE accounts
                SET name = @name, name_normalized = @normalized, status = @status, updated_at = @UpdatedAt, version = @Version
                WHERE id = @Id AND version = @loadedVersion
                """,
                new
                {
                    account.Id,
                    name = account.Name.Value,
                    normalized = account.Name.Normalized,
                    status = AccountDto.StatusName(account.Status),
                    account.UpdatedAt,
                    account.Version,
                    loadedVersion,
                },
                session.Transaction,
                cancellationToken: cancellationToken));
            return updated == 1 ? Result.Success() : AccountErrors.VersionMismatch;
        }
        catch (PostgresException exception) when (UniqueViolation.ConstraintOf(exception) == "accounts_owner_name_key")
        {
            return AccountErrors.NameTaken;
        }
    }
}
