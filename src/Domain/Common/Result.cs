namespace PortfolioTracker.Domain.Common;

/// <summary>The outcome of an operation that can fail in an expected way: success, or an <see cref="Common.Error"/>.</summary>
public class Result
{
    private static readonly Result SuccessInstance = new(null);
    private readonly Error? error;

    protected Result(Error? error) => this.error = error;

    public bool IsSuccess => error is null;

    public bool IsFailure => error is not null;

    /// <summary>The failure; reading it on a success is a bug.</summary>
    public Error Error => error ?? throw new InvalidOperationException("A successful result has no error.");

    public static Result Success() => SuccessInstance;

    public static Result Failure(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Result(error);
    }

    public static implicit operator Result(Error error) => Failure(error);
}

/// <summary>The outcome of an operation that produces a <typeparamref name="T"/> or fails with an <see cref="Error"/>.</summary>
public sealed class Result<T> : Result
{
    private readonly T? value;

    private Result(T value)
        : base(null) => this.value = value;

    private Result(Error error)
        : base(error)
    {
    }

    /// <summary>The value; reading it on a failure is a bug.</summary>
    public T Value => IsSuccess ? value! : throw new InvalidOperationException($"A failed result has no value ({Error.Code}).");

#pragma warning disable CA1000 // Factory methods on the generic result are the idiomatic way to build one.
    public static Result<T> Success(T value) => new(value);

    public static new Result<T> Failure(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Result<T>(error);
    }
#pragma warning restore CA1000

    public static implicit operator Result<T>(T value) => new(value);

    public static implicit operator Result<T>(Error error) => Failure(error);

    public Result<TOut> Map<TOut>(Func<T, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return IsSuccess ? Result<TOut>.Success(map(Value)) : Result<TOut>.Failure(Error);
    }
}
