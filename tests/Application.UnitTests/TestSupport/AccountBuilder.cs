using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Assets;

namespace PortfolioTracker.Application.UnitTests.TestSupport;

/// <summary>Builds a stored (rehydrated) user account: open, named "Main", valued in USD, at version 1 by default.</summary>
internal sealed class AccountBuilder
{
    public static readonly DateTimeOffset DefaultCreatedAt = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private Guid id = Guid.NewGuid();
    private Guid ownerId = Guid.NewGuid();
    private string name = "Main";
    private AssetCode baseCurrency = TestAssets.Usd.Code;
    private AccountStatus status = AccountStatus.Open;
    private int version = 1;

    public AccountBuilder WithId(Guid value)
    {
        id = value;
        return this;
    }

    public AccountBuilder OwnedBy(Guid value)
    {
        ownerId = value;
        return this;
    }

    public AccountBuilder Named(string value)
    {
        name = value;
        return this;
    }

    public AccountBuilder WithBaseCurrency(AssetCode value)
    {
        baseCurrency = value;
        return this;
    }

    public AccountBuilder Closed()
    {
        status = AccountStatus.Closed;
        return this;
    }

    public AccountBuilder WithVersion(int value)
    {
        version = value;
        return this;
    }

    public Account Build() =>
        Account.Rehydrate(id, ownerId, AccountName.Create(name).Value, baseCurrency, status, DefaultCreatedAt, DefaultCreatedAt, version);
}
