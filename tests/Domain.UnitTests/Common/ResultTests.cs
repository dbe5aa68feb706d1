using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.UnitTests.Common;

public class ResultTests
{
    private static readonly Error SomeError = Error.Conflict("email_taken", "Taken.");

    [Fact]
    public void Success_WhenCreated_IsSuccessAndNotFailure()
    {
        var result = Result.Success();

        result.IsSuccess.ShouldBeTrue();
        result.IsFailure.ShouldBeFalse();
    }

    [Fact]
    public void Error_WhenResultIsSuccess_ThrowsInvalidOperationException()
    {
        var result = Result.Success();

        Should.Throw<InvalidOperationException>(() => result.Error);
    }

    [Fact]
    public void Failure_WhenCreated_IsFailureAndCarriesTheError()
    {
        var result = Result.Failure(SomeError);

        result.IsFailure.ShouldBeTrue();
        result.IsSuccess.ShouldBeFalse();
        result.Error.ShouldBeSameAs(SomeError);
    }

    [Fact]
    public void Failure_WhenErrorIsNull_ThrowsArgumentNullException() =>
        Should.Throw<ArgumentNullException>(() => Result.Failure(null!));

    [Fact]
    public void ImplicitConversion_FromError_YieldsFailureWithThatError()
    {
        Result result = SomeError;

        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBeSameAs(SomeError);
    }

    [Fact]
    public void GenericSuccess_WhenCreated_ExposesTheValue()
    {
        var result = Result<int>.Success(42);

        result.IsSuccess.ShouldBeTrue();
        result.IsFailure.ShouldBeFalse();
        result.Value.ShouldBe(42);
    }

    [Fact]
    public void GenericSuccess_WhenErrorRead_ThrowsInvalidOperationException()
    {
        var result = Result<string>.Success("value");

        Should.Throw<InvalidOperationException>(() => result.Error);
    }

    [Fact]
    public void GenericFailure_WhenValueRead_ThrowsInvalidOperationExceptionNamingTheCode()
    {
        var result = Result<int>.Failure(SomeError);

        var exception = Should.Throw<InvalidOperationException>(() => result.Value);

        exception.Message.ShouldContain("email_taken");
    }

    [Fact]
    public void GenericFailure_WhenCreated_IsFailureAndCarriesTheError()
    {
        var result = Result<int>.Failure(SomeError);

        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBeSameAs(SomeError);
    }

    [Fact]
    public void GenericFailure_WhenErrorIsNull_ThrowsArgumentNullException() =>
        Should.Throw<ArgumentNullException>(() => Result<int>.Failure(null!));

    [Fact]
    public void ImplicitConversion_FromValue_YieldsSuccessWithThatValue()
    {
        Result<string> result = "hello";

        result.IsSuccess.ShouldBeTrue();
        result.Value.ShouldBe("hello");
    }

    [Fact]
    public void ImplicitConversion_FromErrorToGeneric_YieldsFailureWithThatError()
    {
        Result<string> result = SomeError;

        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBeSameAs(SomeError);
    }

    [Fact]
    public void GenericFailure_WhenSeenAsNonGenericResult_IsStillAFailureWithTheError()
    {
        Result result = Result<int>.Failure(SomeError);

        result.IsFailure.ShouldBeTrue();
        result.Error.ShouldBeSameAs(SomeError);
    }

    [Fact]
    public void Map_WhenSuccess_AppliesTheFunctionToTheValue()
    {
        var result = Result<int>.Success(21);

        var mapped = result.Map(value => $"#{value * 2}");

        mapped.IsSuccess.ShouldBeTrue();
        mapped.Value.ShouldBe("#42");
    }

    [Fact]
    public void Map_WhenFailure_KeepsTheErrorAndDoesNotCallTheFunction()
    {
        var result = Result<int>.Failure(SomeError);
        var called = false;

        var mapped = result.Map(value =>
        {
            called = true;
            return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });

        mapped.IsFailure.ShouldBeTrue();
        mapped.Error.ShouldBeSameAs(SomeError);
        called.ShouldBeFalse();
    }

    [Fact]
    public void Map_WhenFunctionIsNull_ThrowsArgumentNullException()
    {
        var result = Result<int>.Success(1);

        Should.Throw<ArgumentNullException>(() => result.Map<string>(null!));
    }
}
