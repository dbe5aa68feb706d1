using System.Text.Json;
using PortfolioTracker.Application.UnitTests.TestSupport;
using PortfolioTracker.Application.Users;

namespace PortfolioTracker.Application.UnitTests.Users;

public class UserDtoTests
{
    [Fact]
    public void From_WhenGivenAUser_CopiesThePublicFieldsAndTheVersion()
    {
        var updatedAt = UserBuilder.DefaultCreatedAt.AddDays(2);
        var user = new UserBuilder().WithUsername("Bob_7").WithEmail("Bob@Example.com").AsAdmin().WithVersion(12).WithUpdatedAt(updatedAt).Build();

        var dto = UserDto.From(user);

        dto.Id.ShouldBe(user.Id);
        dto.Username.ShouldBe("Bob_7");
        dto.Email.ShouldBe("Bob@Example.com");
        dto.Role.ShouldBe("admin");
        dto.CreatedAt.ShouldBe(UserBuilder.DefaultCreatedAt);
        dto.UpdatedAt.ShouldBe(updatedAt);
        dto.Version.ShouldBe(12);
    }

    [Fact]
    public void Serialize_WhenWrittenAsJson_LeavesOutVersionAndEverySecret()
    {
        var user = new UserBuilder().WithPasswordHash("secret-hash").WithSecurityStamp("secret-stamp").WithVersion(3).Build();

        var json = JsonSerializer.Serialize(UserDto.From(user));

        json.ShouldNotContain("Version");
        json.ShouldNotContain("secret-hash");
        json.ShouldNotContain("secret-stamp");
        json.ShouldContain(user.Id.ToString());
    }

    [Fact]
    public void From_WhenUserIsNull_ThrowsArgumentNullException() =>
        Should.Throw<ArgumentNullException>(() => UserDto.From(null!));
}
