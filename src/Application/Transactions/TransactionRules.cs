using FluentValidation;

namespace PortfolioTracker.Application.Transactions;

public static class TransactionRules
{
    public const int MaxDescriptionLength = 500;

    public static IRuleBuilderOptions<T, string?> ValidDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(d => d is null || (d.Length <= MaxDescriptionLength && !d.Any(c => char.IsControl(c) && c is not '\n' and not '\t')))
            .WithMessage($"Must be at most {MaxDescriptionLength} characters without control characters.");

    public static IRuleBuilderOptions<T, Guid> RequiredId<T>(this IRuleBuilder<T, Guid> rule) =>
        rule.NotEmpty().WithMessage("Is required.");
}
