using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Domain.UnitTests.Common;

public class ErrorTests
{
    public static TheoryData<Func<string, string, Error>, ErrorKind> Factories => new()
    {
        { Error.Unauthorized, ErrorKind.Unauthorized },
        { Error.Forbidden, ErrorKind.Forbidden },
        { Error.NotFound, ErrorKind.NotFound },
        { Error.Conflict, ErrorKind.Conflict },
        { Error.PreconditionFailed, ErrorKind.PreconditionFailed },
        { Error.BusinessRule, ErrorKind.BusinessRule },
        { Error.Unavailable, ErrorKind.Unavailable },
    };

    [Theory]
    [MemberData(nameof(Factories))]
    public void Factory_WhenCalled_SetsCodeMessageAndKindWithoutFieldErrors(Func<string, string, Error> factory, ErrorKind expectedKind)
    {
        var error = factory("some_code", "Some message.");

        error.Code.ShouldBe("some_code");
        error.Message.ShouldBe("Some message.");
        error.Kind.ShouldBe(expectedKind);
        error.FieldErrors.ShouldBeNull();
    }

    [Fact]
    public void Validation_WhenGivenOneField_UsesValidationFailedCodeAndKeysTheMessageByField()
    {
        var error = Error.Validation("email", "Must be a valid e-mail address.");

        error.Code.ShouldBe("validation_failed");
        error.Kind.ShouldBe(ErrorKind.Validation);
        error.FieldErrors.ShouldNotBeNull();
        error.FieldErrors.Keys.ShouldBe(["email"]);
        error.FieldErrors["email"].ShouldBe(["Must be a valid e-mail address."]);
    }

    [Fact]
    public void Validation_WhenGivenFieldErrors_KeepsThemAll()
    {
        var fields = new Dictionary<string, string[]>
        {
            ["username"] = ["Is required."],
            ["password"] = ["Must contain a digit.", "Must contain an upper-case letter."],
        };

        var error = Error.Validation(fields);

        error.Kind.ShouldBe(ErrorKind.Validation);
        error.FieldErrors.ShouldBeSameAs(fields);
    }

    [Fact]
    public void Restore_WhenGivenStoredParts_RebuildsAnEqualError()
    {
        var original = Error.Conflict("email_taken", "Taken.");

        var restored = Error.Restore(original.Code, original.Message, original.Kind, original.FieldErrors);

        restored.ShouldBe(original);
    }

    [Fact]
    public void Equality_WhenCodesDiffer_ErrorsAreNotEqual() =>
        Error.Forbidden("forbidden", "No.").ShouldNotBe(Error.Forbidden("other", "No."));
}
