using PortfolioTracker.Application.Accounts;
using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Infrastructure.Persistence.Accounts;

internal sealed class AccountRow
{
    public const string Columns =
        "id, owner_id AS OwnerId, name, base_currency AS BaseCurrency, status, created_at AS CreatedAt, updated_at AS UpdatedAt, version";

    public Guid Id { get; init; }

    public Guid? OwnerId { get; init; }

    public string Name { get; init; } = string.Empty;

    public string BaseCurrency { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    public int Version { get; init; }

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
