using PortfolioTracker.Domain.UnitTests.TestData;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Domain.UnitTests.Users;

public class RefreshTokenTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    [Fact]
    public void Issue_WhenCalled_StartsAFamilyNamedAfterItsOwnIdAndExpiresAfterTheLifetime()
    {
        var id = Guid.NewGuid();
        var userId = Guid.NewGuid();

        var token = RefreshToken.Issue(id, userId, "hash-1", Now, Lifetime);

        token.Id.ShouldBe(id);
        token.FamilyId.ShouldBe(id);
        token.UserId.ShouldBe(userId);
        token.TokenHash.ShouldBe("hash-1");
        token.CreatedAt.ShouldBe(Now);
        token.ExpiresAt.ShouldBe(Now + Lifetime);
        token.UsedAt.ShouldBeNull();
        token.RevokedAt.ShouldBeNull();
    }

    [Fact]
    public void Rehydrate_WhenCalled_KeepsEveryStoredValue()
    {
        var id = Guid.NewGuid();
        var userId = Guid.NewGuid();
        var familyId = Guid.NewGuid();

        var token = RefreshToken.Rehydrate(id, userId, familyId, "h", Now, Now.AddDays(1), Now.AddHours(1), Now.AddHours(2));

        token.Id.ShouldBe(id);
        token.UserId.ShouldBe(userId);
        token.FamilyId.ShouldBe(familyId);
        token.TokenHash.ShouldBe("h");
        token.CreatedAt.ShouldBe(Now);
        token.ExpiresAt.ShouldBe(Now.AddDays(1));
        token.UsedAt.ShouldBe(Now.AddHours(1));
        token.RevokedAt.ShouldBe(Now.AddHours(2));
    }

    [Fact]
    public void Rotate_WhenTokenIsValid_ReturnsASuccessorInTheSameFamily()
    {
        var token = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), "hash-1", Now, Lifetime);
        var successorId = Guid.NewGuid();
        var later = Now.AddHours(3);

        var result = token.Rotate(successorId, "hash-2", later, Lifetime);

        result.IsSuccess.ShouldBeTrue();
        var successor = result.Value;
        successor.Id.ShouldBe(successorId);
        successor.FamilyId.ShouldBe(token.FamilyId);
        successor.UserId.ShouldBe(token.UserId);
        successor.TokenHash.ShouldBe("hash-2");
        successor.CreatedAt.ShouldBe(later);
        successor.ExpiresAt.ShouldBe(later + Lifetime);
        successor.UsedAt.ShouldBeNull();
        successor.RevokedAt.ShouldBeNull();
    }

    [Fact]
    public void Rotate_WhenTokenIsValid_MarksTheTokenUsedAtNow()
    {
        var token = new RefreshTokenBuilder().Build();
        var later = RefreshTokenBuilder.DefaultCreatedAt.AddHours(1);

        token.Rotate(Guid.NewGuid(), "next", later, Lifetime);

        token.UsedAt.ShouldBe(later);
        token.RevokedAt.ShouldBeNull();
    }

    [Fact]
    public void Rotate_WhenSuccessorIsRotatedInTurn_TheWholeChainStaysInTheFirstFamily()
    {
        var first = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), "h1", Now, Lifetime);

        var second = first.Rotate(Guid.NewGuid(), "h2", Now.AddMinutes(1), Lifetime).Value;
        var third = second.Rotate(Guid.NewGuid(), "h3", Now.AddMinutes(2), Lifetime).Value;

        third.FamilyId.ShouldBe(first.Id);
        second.UsedAt.ShouldBe(Now.AddMinutes(2));
    }

    [Fact]
    public void Rotate_WhenTokenWasAlreadyUsed_ReturnsRefreshTokenReusedAndKeepsTheFirstUse()
    {
        var firstUse = RefreshTokenBuilder.DefaultCreatedAt.AddMinutes(10);
        var token = new RefreshTokenBuilder().UsedAt(firstUse).Build();

        var result = token.Rotate(Guid.NewGuid(), "next", firstUse.AddMinutes(5), Lifetime);

        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBe(UserErrors.RefreshTokenReused);
        token.UsedAt.ShouldBe(firstUse);
    }

    [Fact]
    public void Rotate_WhenTokenWasRotatedBefore_SecondRotationReportsReuse()
    {
        var token = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), "h1", Now, Lifetime);
        token.Rotate(Guid.NewGuid(), "h2", Now.AddMinutes(1), Lifetime);

        var again = token.Rotate(Guid.NewGuid(), "h3", Now.AddMinutes(2), Lifetime);

        again.Error.ShouldBe(UserErrors.RefreshTokenReused);
    }

    [Fact]
    public void Rotate_WhenTokenIsRevoked_ReturnsInvalidRefreshTokenAndStaysUnused()
    {
        var token = new RefreshTokenBuilder().RevokedAt(RefreshTokenBuilder.DefaultCreatedAt.AddMinutes(1)).Build();

        var result = token.Rotate(Guid.NewGuid(), "next", RefreshTokenBuilder.DefaultCreatedAt.AddMinutes(2), Lifetime);

        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBe(UserErrors.InvalidRefreshToken);
        token.UsedAt.ShouldBeNull();
    }

    [Fact]
    public void Rotate_WhenTokenIsRevokedAndUsed_ReportsInvalidRatherThanReuse()
    {
        var token = new RefreshTokenBuilder()
            .UsedAt(RefreshTokenBuilder.DefaultCreatedAt.AddMinutes(1))
            .RevokedAt(RefreshTokenBuilder.DefaultCreatedAt.AddMinutes(2))
            .Build();

        var result = token.Rotate(Guid.NewGuid(), "next", RefreshTokenBuilder.DefaultCreatedAt.AddMinutes(3), Lifetime);

        result.Error.ShouldBe(UserErrors.InvalidRefreshToken);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(TimeSpan.TicksPerDay)]
    public void Rotate_WhenNowIsAtOrAfterExpiry_ReturnsInvalidRefreshTokenAndStaysUnused(long ticksAfterExpiry)
    {
        var expiresAt = Now.AddDays(1);
        var token = new RefreshTokenBuilder().ExpiringAt(expiresAt).Build();

        var result = token.Rotate(Guid.NewGuid(), "next", expiresAt.AddTicks(ticksAfterExpiry), Lifetime);

        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBe(UserErrors.InvalidRefreshToken);
        token.UsedAt.ShouldBeNull();
    }

    [Fact]
    public void Rotate_WhenOneTickBeforeExpiry_Succeeds()
    {
        var expiresAt = Now.AddDays(1);
        var token = new RefreshTokenBuilder().ExpiringAt(expiresAt).Build();

        var result = token.Rotate(Guid.NewGuid(), "next", expiresAt.AddTicks(-1), Lifetime);

        result.IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void Revoke_WhenCalled_SetsRevokedAt()
    {
        var token = new RefreshTokenBuilder().Build();

        token.Revoke(Now);

        token.RevokedAt.ShouldBe(Now);
    }

    [Fact]
    public void Revoke_WhenCalledAgain_KeepsTheFirstRevocationTime()
    {
        var token = new RefreshTokenBuilder().Build();

        token.Revoke(Now);
        token.Revoke(Now.AddHours(1));

        token.RevokedAt.ShouldBe(Now);
    }
}
