using System.Text.Json;
using FluentValidation;
using MediatR;
using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Behaviours;

/// <summary>
/// Runs every FluentValidation validator of the request; any failure answers <c>validation_failed</c> with the
/// messages per camelCase field, and nothing further runs (no transaction, no idempotency record).
/// </summary>
public sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    private readonly IValidator<TRequest>[] validators = [.. validators];

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (validators.Length == 0)
        {
            return await next();
        }

        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            // A context per validator: a shared one accumulates failures, so each result would repeat the earlier ones.
            var result = await validator.ValidateAsync(new ValidationContext<TRequest>(request), cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count == 0)
        {
            return await next();
        }

        var fieldErrors = failures
            .GroupBy(failure => ToFieldName(failure.PropertyName), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(failure => failure.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);
        return ResultFactory<TResponse>.Failure(Error.Validation(fieldErrors));
    }

    /// <summary>
    /// <c>Coins[0].Id</c> becomes <c>coins[0].id</c>, matching the JSON the client sent; a header's name
    /// (<c>Idempotency-Key</c>) keeps its spelling.
    /// </summary>
    internal static string ToFieldName(string propertyName) =>
        propertyName.Contains('-', StringComparison.Ordinal)
            ? propertyName
            : string.Join('.', propertyName.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
