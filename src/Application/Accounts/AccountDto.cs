using System.Text.Json.Serialization;
using PortfolioTracker.Domain.Accounts;

namespace PortfolioTracker.Application.Accounts;

public sealed record AccountDto(Guid Id, string Name, string BaseCurrency, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The concurrency version, sent as the ETag header rather than in the body.</summary>
    [JsonIgnore]
    public int Version { get; init; }

    public static AccountDto From(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new AccountDto(account.Id, account.Name.Value, account.BaseCurrency.Value, StatusName(account.Status), account.CreatedAt, account.UpdatedAt)
        {
            Version = account.Version,
        };
    }

    public static string StatusName(AccountStatus status) => status == AccountStatus.Open ? "open" : "closed";
}
