using PortfolioTracker.Domain.Assets;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Ledger;

namespace PortfolioTracker.Domain.Accounts;

/// <summary>
/// A place that holds balances of any number of assets. A user's account belongs to them and never goes below zero;
/// the one "world" account per asset belongs to nobody and is where money enters and leaves the ledger.
/// </summary>
public sealed class Account
{
    private Account(
        Guid id,
        Guid? ownerId,
        AccountName name,
        AssetCode baseCurrency,
        AccountStatus status,
        DateTimeOffset createdAt,
        DateTimeOffset updatedAt,
        int version)
    {
        Id = id;
        OwnerId = ownerId;
        Name = name;
        BaseCurrency = baseCurrency;
        Status = status;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        Version = version;
    }

    public Guid Id { get; }

    /// <summary>The owning user; null for a world account.</summary>
    public Guid? OwnerId { get; }

    public AccountName Name { get; private set; }

    public AssetCode BaseCurrency { get; }

    public AccountStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Increases with every change; the API exposes it as the ETag.</summary>
    public int Version { get; private set; }

    public bool IsWorld => OwnerId is null;

    public bool IsOpen => Status == AccountStatus.Open;

    public static Account Open(Guid id, Guid ownerId, AccountName name, Asset baseCurrency, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(baseCurrency);
        return new Account(id, ownerId, name, baseCurrency.Code, AccountStatus.Open, now, now, 1);
    }

    /// <summary>The world account of <paramref name="asset"/>: its balance is minus the sum of every other balance.</summary>
    public static Account World(Guid id, Asset asset, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return new Account(id, null, AccountName.Create($"world:{asset.Code}").Value, asset.Code, AccountStatus.Open, now, now, 1);
    }

    public static Account Rehydrate(
        Guid id,
        Guid? ownerId,
        AccountName name,
        AssetCode baseCurrency,
        AccountStatus status,
        DateTimeOffset createdAt,
        DateTimeOffset updatedAt,
        int version) =>
        new(id, ownerId, name, baseCurrency, status, createdAt, updatedAt, version);

    /// <summary>The owner can move money out of it; nobody else can.</summary>
    public bool IsOwnedBy(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return OwnerId == actor.UserId;
    }

    /// <summary>The owner and admins can see it; to anyone else it does not exist.</summary>
    public bool IsVisibleTo(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return !IsWorld && actor.CanAccess(OwnerId!.Value);
    }

    /// <summary>
    /// Whether <paramref name="actor"/> may change the account or move money out of it: only its owner. Someone who
    /// cannot even see it is told it does not exist; an admin (who can see it) is told no.
    /// </summary>
    public Result EnsureWritableBy(Actor actor)
    {
        if (IsOwnedBy(actor))
        {
            return Result.Success();
        }

        return IsVisibleTo(actor) ? AccountErrors.NotOwner : AccountErrors.NotFound;
    }

    public Result EnsureOpen() => IsOpen ? Result.Success() : AccountErrors.Closed;

    public Result Rename(AccountName name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsWorld)
        {
            throw new InvalidOperationException("World accounts cannot be renamed.");
        }

        if (name == Name)
        {
            return Result.Success();
        }

        Name = name;
        Touch(now);
        return Result.Success();
    }

    /// <summary>
    /// Closes the account when every balance it holds is zero (<paramref name="balances"/> must be all of them,
    /// locked). Closing a closed account changes nothing.
    /// </summary>
    public Result Close(IEnumerable<Balance> balances, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(balances);
        if (IsWorld)
        {
            throw new InvalidOperationException("World accounts cannot be closed.");
        }

        if (!IsOpen)
        {
            return Result.Success();
        }

        if (balances.Any(b => b.AccountId != Id))
        {
            throw new ArgumentException("Balances of another account.", nameof(balances));
        }

        if (balances.Any(b => b.Amount != 0 || b.Held != 0))
        {
            return AccountErrors.NotEmpty;
        }

        Status = AccountStatus.Closed;
        Touch(now);
        return Result.Success();
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}
