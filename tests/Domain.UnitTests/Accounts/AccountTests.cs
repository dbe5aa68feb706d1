using PortfolioTracker.Domain.Accounts;
using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.UnitTests.TestData;

namespace PortfolioTracker.Domain.UnitTests.Accounts;

public class AccountTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Open_WhenCalled_StartsOpenAtVersionOneOwnedByTheUser()
    {
        var id = Guid.NewGuid();
        var ownerId = Guid.NewGuid();

        var account = Account.Open(id, ownerId, AccountName.Create("Main").Value, TestAssets.Eur, Now);

        account.Id.ShouldBe(id);
        account.OwnerId.ShouldBe(ownerId);
        account.Name.Value.ShouldBe("Main");
        account.BaseCurrency.ShouldBe(TestAssets.Eur.Code);
        account.Status.ShouldBe(AccountStatus.Open);
        account.IsOpen.ShouldBeTrue();
        account.IsWorld.ShouldBeFalse();
        account.Version.ShouldBe(1);
        account.CreatedAt.ShouldBe(Now);
        account.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void World_WhenCreated_BelongsToNobodyAndIsNamedAfterItsAsset()
    {
        var world = Account.World(Guid.NewGuid(), TestAssets.Btc, Now);

        world.OwnerId.ShouldBeNull();
        world.IsWorld.ShouldBeTrue();
        world.Name.Value.ShouldBe("world:BTC");
        world.BaseCurrency.ShouldBe(TestAssets.Btc.Code);
        world.IsOpen.ShouldBeTrue();
        world.Version.ShouldBe(1);
    }

    [Fact]
    public void Rehydrate_WhenCalled_KeepsEveryStoredValue()
    {
        var id = Guid.NewGuid();
        var owner = Guid.NewGuid();

        var account = Account.Rehydrate(id, owner, AccountName.Create("Old").Value, TestAssets.Btc.Code, AccountStatus.Closed, Now.AddDays(-9), Now, 7);

        account.Id.ShouldBe(id);
        account.OwnerId.ShouldBe(owner);
        account.Name.Value.ShouldBe("Old");
        account.BaseCurrency.ShouldBe(TestAssets.Btc.Code);
        account.IsOpen.ShouldBeFalse();
        account.CreatedAt.ShouldBe(Now.AddDays(-9));
        account.UpdatedAt.ShouldBe(Now);
        account.Version.ShouldBe(7);
    }

    // --- Rename ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Rename_WhenNameDiffers_ChangesItBumpsVersionAndUpdatedAt()
    {
        var account = new AccountBuilder().Named("Main").WithVersion(3).Build();

        var result = account.Rename(AccountName.Create("Savings").Value, Now);

        result.IsSuccess.ShouldBeTrue();
        account.Name.Value.ShouldBe("Savings");
        account.Version.ShouldBe(4);
        account.UpdatedAt.ShouldBe(Now);
        account.CreatedAt.ShouldBe(AccountBuilder.DefaultCreatedAt);
    }

    [Fact]
    public void Rename_WhenNameIsTheSame_SucceedsWithoutChangingVersionOrUpdatedAt()
    {
        var account = new AccountBuilder().Named("Main").WithVersion(3).Build();

        var result = account.Rename(AccountName.Create("  Main ").Value, Now);

        result.IsSuccess.ShouldBeTrue();
        account.Version.ShouldBe(3);
        account.UpdatedAt.ShouldBe(AccountBuilder.DefaultCreatedAt);
    }

    [Fact]
    public void Rename_WhenOnlyTheCaseChanges_CountsAsAChange()
    {
        var account = new AccountBuilder().Named("main").Build();

        account.Rename(AccountName.Create("Main").Value, Now);

        account.Name.Value.ShouldBe("Main");
        account.Version.ShouldBe(2);
    }

    [Fact]
    public void Rename_WhenAccountIsAWorldAccount_ThrowsInvalidOperationException() =>
        Should.Throw<InvalidOperationException>(() => Account.World(Guid.NewGuid(), TestAssets.Usd, Now).Rename(AccountName.Create("Mine").Value, Now));

    // --- Close ----------------------------------------------------------------------------------------------------

    [Fact]
    public void Close_WhenEveryBalanceIsZero_ClosesAndBumpsVersionAndUpdatedAt()
    {
        var account = new AccountBuilder().WithVersion(2).Build();
        var books = new LedgerBooks();

        var result = account.Close([books.Seed(account, TestAssets.Usd, 0m), books.Seed(account, TestAssets.Btc, 0m)], Now);

        result.IsSuccess.ShouldBeTrue();
        account.Status.ShouldBe(AccountStatus.Closed);
        account.IsOpen.ShouldBeFalse();
        account.Version.ShouldBe(3);
        account.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Close_WhenTheAccountHasNoBalanceAtAll_Closes()
    {
        var account = new AccountBuilder().Build();

        account.Close([], Now).IsSuccess.ShouldBeTrue();

        account.IsOpen.ShouldBeFalse();
    }

    [Theory]
    [InlineData("0.01", "0")]
    [InlineData("-0.01", "0")] // cannot happen for a user, but the rule is "zero", not "not positive"
    [InlineData("0", "5")] // something still held
    public void Close_WhenABalanceIsNotZero_ReturnsNotEmptyAndStaysOpen(string amount, string held)
    {
        var account = new AccountBuilder().WithVersion(2).Build();
        var books = new LedgerBooks();
        var balances = new[]
        {
            books.Seed(account, TestAssets.Usd, 0m),
            books.Seed(account, TestAssets.Btc, Parse(amount), Parse(held)),
        };

        var result = account.Close(balances, Now);

        result.Error.ShouldBe(AccountErrors.NotEmpty);
        result.Error.Code.ShouldBe("account_not_empty");
        result.Error.Kind.ShouldBe(ErrorKind.BusinessRule);
        account.IsOpen.ShouldBeTrue();
        account.Version.ShouldBe(2);
    }

    [Fact]
    public void Close_WhenAlreadyClosed_SucceedsWithoutChangingAnything()
    {
        var account = new AccountBuilder().Closed().WithVersion(5).Build();

        var result = account.Close([], Now);

        result.IsSuccess.ShouldBeTrue();
        account.Version.ShouldBe(5);
        account.UpdatedAt.ShouldBe(AccountBuilder.DefaultCreatedAt);
    }

    [Fact]
    public void Close_WhenGivenABalanceOfAnotherAccount_ThrowsArgumentException()
    {
        var account = new AccountBuilder().Build();
        var other = new AccountBuilder().Build();
        var books = new LedgerBooks();

        Should.Throw<ArgumentException>(() => account.Close([books.Seed(other, TestAssets.Usd, 0m)], Now));

        account.IsOpen.ShouldBeTrue();
    }

    [Fact]
    public void Close_WhenAccountIsAWorldAccount_ThrowsInvalidOperationException() =>
        Should.Throw<InvalidOperationException>(() => Account.World(Guid.NewGuid(), TestAssets.Usd, Now).Close([], Now));

    [Fact]
    public void Close_WhenBalancesAreNull_ThrowsArgumentNullException() =>
        Should.Throw<ArgumentNullException>(() => new AccountBuilder().Build().Close(null!, Now));

    // --- EnsureOpen -----------------------------------------------------------------------------------------------

    [Fact]
    public void EnsureOpen_WhenOpen_Succeeds() => new AccountBuilder().Build().EnsureOpen().IsSuccess.ShouldBeTrue();

    [Fact]
    public void EnsureOpen_WhenClosed_ReturnsAccountClosed()
    {
        var result = new AccountBuilder().Closed().Build().EnsureOpen();

        result.Error.ShouldBe(AccountErrors.Closed);
        result.Error.Code.ShouldBe("account_closed");
        result.Error.Kind.ShouldBe(ErrorKind.BusinessRule);
    }

    // --- Access ---------------------------------------------------------------------------------------------------

    [Fact]
    public void IsOwnedBy_WhenActorIsTheOwner_ReturnsTrueAndOtherwiseFalse()
    {
        var ownerId = Guid.NewGuid();
        var account = new AccountBuilder().OwnedBy(ownerId).Build();

        account.IsOwnedBy(new Actor(ownerId, IsAdmin: false)).ShouldBeTrue();
        account.IsOwnedBy(new Actor(Guid.NewGuid(), IsAdmin: true)).ShouldBeFalse();
        account.IsOwnedBy(new Actor(Guid.NewGuid(), IsAdmin: false)).ShouldBeFalse();
    }

    [Fact]
    public void IsVisibleTo_WhenActorIsOwnerOrAdmin_ReturnsTrue()
    {
        var ownerId = Guid.NewGuid();
        var account = new AccountBuilder().OwnedBy(ownerId).Build();

        account.IsVisibleTo(new Actor(ownerId, IsAdmin: false)).ShouldBeTrue();
        account.IsVisibleTo(new Actor(Guid.NewGuid(), IsAdmin: true)).ShouldBeTrue();
    }

    [Fact]
    public void IsVisibleTo_WhenActorIsAnotherUser_ReturnsFalse() =>
        new AccountBuilder().Build().IsVisibleTo(new Actor(Guid.NewGuid(), IsAdmin: false)).ShouldBeFalse();

    [Fact]
    public void IsVisibleTo_WhenAccountIsAWorldAccount_ReturnsFalseEvenForAdmins()
    {
        var world = Account.World(Guid.NewGuid(), TestAssets.Usd, Now);

        world.IsVisibleTo(new Actor(Guid.NewGuid(), IsAdmin: true)).ShouldBeFalse();
        world.IsVisibleTo(new Actor(Guid.NewGuid(), IsAdmin: false)).ShouldBeFalse();
        world.IsOwnedBy(new Actor(Guid.NewGuid(), IsAdmin: true)).ShouldBeFalse();
    }

    [Fact]
    public void EnsureWritableBy_WhenActorIsTheOwner_Succeeds()
    {
        var ownerId = Guid.NewGuid();

        new AccountBuilder().OwnedBy(ownerId).Build().EnsureWritableBy(new Actor(ownerId, IsAdmin: false)).IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void EnsureWritableBy_WhenAnAdminIsNotTheOwner_ReturnsForbidden()
    {
        var result = new AccountBuilder().Build().EnsureWritableBy(new Actor(Guid.NewGuid(), IsAdmin: true));

        result.Error.ShouldBe(AccountErrors.NotOwner);
        result.Error.Code.ShouldBe("forbidden");
        result.Error.Kind.ShouldBe(ErrorKind.Forbidden);
    }

    [Fact]
    public void EnsureWritableBy_WhenAnotherUserAsks_ReturnsNotFoundSoTheAccountsExistenceIsNotRevealed()
    {
        var result = new AccountBuilder().Build().EnsureWritableBy(new Actor(Guid.NewGuid(), IsAdmin: false));

        result.Error.ShouldBe(AccountErrors.NotFound);
        result.Error.Code.ShouldBe("not_found");
        result.Error.Kind.ShouldBe(ErrorKind.NotFound);
    }

    [Fact]
    public void EnsureWritableBy_WhenAccountIsAWorldAccount_ReturnsNotFoundEvenForAdmins() =>
        Account.World(Guid.NewGuid(), TestAssets.Usd, Now).EnsureWritableBy(new Actor(Guid.NewGuid(), IsAdmin: true)).Error.ShouldBe(AccountErrors.NotFound);

    [Fact]
    public void EnsureWritableBy_WhenTheOwnerIsAlsoAnAdmin_Succeeds()
    {
        var ownerId = Guid.NewGuid();

        new AccountBuilder().OwnedBy(ownerId).Build().EnsureWritableBy(new Actor(ownerId, IsAdmin: true)).IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void EnsureWritableBy_WhenAccountIsClosed_StillOnlyJudgesAccess()
    {
        // Closing is a business rule checked by the movement itself (account_closed), not an access question.
        var ownerId = Guid.NewGuid();

        new AccountBuilder().OwnedBy(ownerId).Closed().Build().EnsureWritableBy(new Actor(ownerId, IsAdmin: false)).IsSuccess.ShouldBeTrue();
    }

    private static decimal Parse(string text) =>
        decimal.Parse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);
}
