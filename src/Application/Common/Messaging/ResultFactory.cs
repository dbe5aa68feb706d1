using System.Reflection;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Messaging;

/// <summary>
/// Builds a failed <typeparamref name="TResponse"/> (<see cref="Result"/> or <see cref="Result{T}"/>) from an
/// <see cref="Error"/>, so pipeline behaviours can short-circuit without knowing the response type.
/// The delegate is built once per response type, not per request.
/// </summary>
internal static class ResultFactory<TResponse>
{
    public static readonly Func<Error, TResponse> Failure = BuildFailure();

    private static Func<Error, TResponse> BuildFailure()
    {
        var type = typeof(TResponse);
        if (type == typeof(Result))
        {
            return error => (TResponse)(object)Result.Failure(error);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Result<>))
        {
            var method = type.GetMethod(nameof(Result.Failure), BindingFlags.Public | BindingFlags.Static, [typeof(Error)])
                ?? throw new InvalidOperationException($"{type} has no Failure(Error) factory.");
            return method.CreateDelegate<Func<Error, TResponse>>();
        }

        return error => throw new InvalidOperationException(
            $"Requests must answer Result or Result<T>; {type} cannot carry the error '{error.Code}'.");
    }
}
