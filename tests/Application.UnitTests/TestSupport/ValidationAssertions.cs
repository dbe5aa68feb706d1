using FluentValidation.Results;

namespace PortfolioTracker.Application.UnitTests.TestSupport;

internal static class ValidationAssertions
{
    /// <summary>Asserts that every failure is on <paramref name="property"/> and returns their messages in order.</summary>
    public static string[] ShouldFailOnlyOn(this ValidationResult result, string property)
    {
        result.IsValid.ShouldBeFalse();
        result.Errors.Select(e => e.PropertyName).Distinct().ShouldBe([property]);
        return [.. result.Errors.Select(e => e.ErrorMessage)];
    }
}
