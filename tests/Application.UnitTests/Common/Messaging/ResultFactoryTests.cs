using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Application.Users;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.UnitTests.Common.Messaging;

public class ResultFactoryTests
{
    private static readonly Error SomeError = Error.Validation("name", "Is required.");

    [Fact]
    public void Failure_WhenResponseIsResult_BuildsAFailedResultWithTheError()
    {
        var result = ResultFactory<Result>.Failure(SomeError);

        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBeSameAs(SomeError);
    }

    [Fact]
    public void Failure_WhenResponseIsResultOfValueType_BuildsAFailedGenericResult()
    {
        var result = ResultFactory<Result<int>>.Failure(SomeError);

        result.ShouldBeOfType<Result<int>>();
        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBeSameAs(SomeError);
    }

    [Fact]
    public void Failure_WhenResponseIsResultOfReferenceType_BuildsAFailedGenericResult()
    {
        var result = ResultFactory<Result<UserDto>>.Failure(SomeError);

        result.ShouldBeOfType<Result<UserDto>>();
        result.Error.ShouldBeSameAs(SomeError);
    }

    [Fact]
    public void Failure_WhenResponseIsNotAResult_ThrowsInvalidOperationExceptionNamingTheCode()
    {
        var exception = Should.Throw<InvalidOperationException>(() => ResultFactory<string>.Failure(SomeError));

        exception.Message.ShouldContain("validation_failed");
        exception.Message.ShouldContain("System.String");
    }
}
