using PortfolioTracker.Domain.Common;
using PortfolioTracker.Domain.Users;

namespace PortfolioTracker.Domain.UnitTests.Users;

public class EmailAddressTests
{
    [Theory]
    [InlineData("a@b.com")]
    [InlineData("alice@example.com")]
    [InlineData("first.last@example.co.uk")]
    [InlineData("user+tag@example.com")]
    [InlineData("Alice@Example.COM")]
    [InlineData("x_y-z@sub.domain.org")]
    [InlineData("1234@numbers.net")]
    public void Create_WhenPlainAddress_ReturnsAddressKeepingTheValueAsTyped(string value)
    {
        var result = EmailAddress.Create(value);

        result.IsSuccess.ShouldBeTrue();
        result.Value.Value.ShouldBe(value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("alice@")]
    [InlineData("alice@example")]
    [InlineData("alice@localhost")]
    [InlineData("alice@.example.com")]
    [InlineData("alice@example.com.")]
    [InlineData(".alice@example.com")]
    [InlineData("al..ice@example.com")]
    [InlineData("alice@example..com")]
    [InlineData("alice@@example.com")]
    [InlineData("alice@bob@example.com")]
    [InlineData("al ice@example.com")]
    [InlineData(" alice@example.com")]
    [InlineData("alice@example.com ")]
    [InlineData("alice@exa mple.com")]
    [InlineData("alice\u00A0@example.com")]
    [InlineData("alice@example.com\n")]
    [InlineData("ali\tce@example.com")]
    [InlineData("ali\u0001ce@example.com")]
    [InlineData("alice\u007F@example.com")]
    [InlineData("A <a@b.com>")]
    [InlineData("A<a@b.com>")]
    [InlineData("<a@b.com>")]
    [InlineData("\"Alice\" <alice@example.com>")]
    [InlineData("alice(comment)@example.com")]
    [InlineData("alice,bob@example.com")]
    [InlineData("\"a@b\"@example.com")]
    [InlineData("a@[1.2.3.4]")]
    [InlineData("a@-b.com")]
    [InlineData("a@b-.com")]
    [InlineData("a@b_c.com")]
    [InlineData("a@b.c")]
    [InlineData("ünïcode@example.com")]
    public void Create_WhenNotAPlainAddress_ReturnsValidationErrorOnEmail(string value)
    {
        var result = EmailAddress.Create(value);

        result.IsFailure.ShouldBeTrue();
        result.Error.Kind.ShouldBe(ErrorKind.Validation);
        result.Error.FieldErrors.ShouldNotBeNull();
        result.Error.FieldErrors.Keys.ShouldBe(["email"]);
        result.Error.FieldErrors["email"].ShouldBe(["Must be a valid e-mail address."]);
    }

    [Theory]
    [InlineData("alice.@example.com")]
    [InlineData("a.@b.com")]
    public void IsValid_WhenLocalPartEndsWithADot_ReturnsFalse(string value) =>
        EmailAddress.IsValid(value).ShouldBeFalse();

    [Fact]
    public void IsValid_WhenNull_ReturnsFalse() => EmailAddress.IsValid(null).ShouldBeFalse();

    [Fact]
    public void Create_WhenNull_ReturnsValidationErrorOnEmail()
    {
        var result = EmailAddress.Create(null);

        result.IsFailure.ShouldBeTrue();
        result.Error.FieldErrors!.Keys.ShouldBe(["email"]);
    }

    [Fact]
    public void IsValid_WhenExactly254Characters_ReturnsTrue()
    {
        var address = AddressOfLength(EmailAddress.MaxLength);

        address.Length.ShouldBe(254);
        EmailAddress.IsValid(address).ShouldBeTrue();
    }

    [Fact]
    public void IsValid_When255Characters_ReturnsFalse()
    {
        var address = AddressOfLength(EmailAddress.MaxLength + 1);

        address.Length.ShouldBe(255);
        EmailAddress.IsValid(address).ShouldBeFalse();
    }

    [Fact]
    public void Normalize_WhenValueHasUpperCase_ReturnsLowerCase() =>
        EmailAddress.Normalize("Alice.Smith@Example.COM").ShouldBe("alice.smith@example.com");

    [Fact]
    public void Normalize_WhenNull_ThrowsArgumentNullException() =>
        Should.Throw<ArgumentNullException>(() => EmailAddress.Normalize(null!));

    [Fact]
    public void Normalized_WhenValueHasUpperCase_IsLowerCaseWhileValueKeepsTheTypedCase()
    {
        var address = EmailAddress.Create("Alice@Example.COM").Value;

        address.Normalized.ShouldBe("alice@example.com");
        address.Value.ShouldBe("Alice@Example.COM");
    }

    [Fact]
    public void ToString_WhenCalled_ReturnsTheValue() =>
        EmailAddress.Create("Alice@Example.com").Value.ToString().ShouldBe("Alice@Example.com");

    /// <summary>A well-formed address (64-character local part, labels of at most 63) of exactly <paramref name="length"/> characters.</summary>
    private static string AddressOfLength(int length)
    {
        var local = new string('a', 64);
        var domain = $"{new string('b', 63)}.{new string('c', 63)}.com";
        var lastLabel = length - local.Length - 1 - domain.Length - 1;
        return $"{local}@{domain}.{new string('d', lastLabel)}";
    }
}
