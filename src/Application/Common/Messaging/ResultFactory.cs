using System.Reflection;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Messaging;

/// <summary>
/// Builds a failed <typeparamref name="TResponse"/> (<see cref="Result"/> or <see cref="Result{T}"/>) from an
/// <see cref="Error"/>, so pipeline behaviours can short-circuit without knowing the response type.
/// The delegates are built once per response type, not per request: no reflection runs per request.
/// </summary>
internal static class ResultFactory<TResponse>
{
    public static readonly Func<Error, TResponse> Failure = BuildFailure();

    /// <summary>The value type of a <see cref="Result{T}"/> response; null for a plain <see cref="Result"/>.</summary>
    public static readonly Type? ValueType =
        typeof(TResponse).IsGenericType && typeof(TResponse).GetGenericTypeDefinition() == typeof(Result<>)
            ? typeof(TResponse).GetGenericArguments()[0]
            : null;

    /// <summary>Builds a successful response carrying <c>value</c> (ignored for a plain <see cref="Result"/>).</summary>
    public static readonly Func<object?, TResponse> Success = BuildSuccess();

    /// <summary>Reads the value of a successful <see cref="Result{T}"/> response (null for a plain <see cref="Result"/>).</summary>
    public static readonly Func<TResponse, object?> Value = BuildValue();

    private static Func<TResponse, object?> BuildValue() =>
        ValueType is null ? _ => null : Bind<Func<TResponse, object?>>(nameof(ValueOf));

    private static Func<object?, TResponse> BuildSuccess()
    {
        var type = typeof(TResponse);
        if (type == typeof(Result))
        {
            return _ => (TResponse)(object)Result.Success();
        }

        if (ValueType is not null)
        {
            return Bind<Func<object?, TResponse>>(nameof(SuccessOf));
        }

        return _ => throw new InvalidOperationException($"Requests must answer Result or Result<T>, not {type}.");
    }

    /// <summary>Binds one of the typed helpers below to the response's value type.</summary>
    private static TDelegate Bind<TDelegate>(string helper)
        where TDelegate : Delegate =>
        typeof(ResultFactory<TResponse>).GetMethod(helper, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(ValueType!)
            .CreateDelegate<TDelegate>();

    private static object? ValueOf<T>(TResponse response) => ((Result<T>)(object)response!).Value;

    // A null value stands for default(T), as reflection passed it.
    private static TResponse SuccessOf<T>(object? value) => (TResponse)(object)Result<T>.Success(value is null ? default! : (T)value);

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
