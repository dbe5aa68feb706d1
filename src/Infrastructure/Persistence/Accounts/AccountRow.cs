using System.Data.Common;
using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Infrastructure.Persistence.Accounts;

internal sealed class AccountRow
{
    public const string Columns = CommandSql.AccountColumns;

    public Guid Id { get; init; }

    public Guid? OwnerId { get; init; }

    public string Name { get; init; } = string.Empty;

    public string BaseCurrency { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    public int Version { get; init; }

    /// <summary>The current row of a reader over <see cref="Columns"/>, without Dapper (the movement's hot path).</summary>
    public static AccountRow Read(DbDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        OwnerId = reader.IsDBNull(1) ? null : reader.GetGuid(1),
        Name = reader.GetString(2),
        BaseCurrency = reader.GetString(3),
        Status = reader.GetString(4),
        CreatedAt = reader.GetDateTime(5),
        UpdatedAt = reader.GetDateTime(6),
        Version = reader.GetInt32(7),
    };

    public Account ToAccount() => Account.Rehydrate(
        Id,
        OwnerId,
        AccountName.Create(Name).Value,
        AssetCode.Parse(BaseCurrency),
        Status == "open" ? AccountStatus.Open : AccountStatus.Closed,
        SqlTime.Utc(CreatedAt),
        SqlTime.Utc(UpdatedAt),
        Version);

    public AccountDto ToDto() =>
        new(Id, Name, BaseCurrency, Status, SqlTime.Utc(CreatedAt), SqlTime.Utc(UpdatedAt)) { Version = Version };
}
