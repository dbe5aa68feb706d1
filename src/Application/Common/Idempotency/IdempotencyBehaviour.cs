using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MediatR;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Application.Common.Messaging;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Idempotency;

/// <summary>
/// Runs inside the unit of work. The first request with a key claims it in the same transaction as its effects and
/// stores its outcome there; a success commits both together, so a key is never applied twice. On a refusal (422) the
/// command's changes are rolled back to a checkpoint just after the claim and the refusal is stored on the still-held
/// claim, so no duplicate can slip in between. A later request with the key gets the stored outcome again (or 409 when
/// its body differs); one arriving while the first still runs waits on the claim, then replays. Other failures give
/// the key back.
/// </summary>
public sealed class IdempotencyBehaviour<TRequest, TResponse>(
    IIdempotencyStore store,
    ICurrentUser currentUser,
    IUnitOfWork unitOfWork,
    IdempotencyContext context) : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is not IIdempotentCommand { IdempotencyKey: { } key } || currentUser.UserId is not { } userId)
        {
            return await next();
        }

        var hash = RequestHash(request);
        if (!await store.TryClaimAsync(userId, key, hash, cancellationToken))
        {
            return await ReplayAsync(userId, key, hash, cancellationToken);
        }

        await unitOfWork.CheckpointAsync(cancellationToken);
        var response = await next();
        if (response is not Result result)
        {
            return response;
        }

        if (result.IsSuccess)
        {
            await store.CompleteAsync(userId, key, Store(result), cancellationToken);
        }
        else if (result.Error.Kind == ErrorKind.BusinessRule)
        {
            var outcome = Store(result);
            unitOfWork.OnRolledBack(ct => store.StoreRefusalAsync(userId, key, outcome, ct));
        }
        else
        {
            unitOfWork.OnRolledBack(ct => store.ReleaseAsync(userId, key, ct));
        }

        return response;
    }

    /// <summary>The request's name and a colon in UTF-8: what the hashed bytes start with.</summary>
    private static readonly byte[] HashPrefix = Encoding.UTF8.GetBytes(typeof(TRequest).Name + ":");

    /// <summary>
    /// SHA-256 of the UTF-8 bytes of <c>{request name}:{request JSON}</c>, the JSON leaving the key out. The JSON is
    /// written as UTF-8 straight after the prefix (the same bytes as encoding the concatenated string, in one buffer).
    /// </summary>
    internal static string RequestHash(TRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(HashPrefix);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, request, Json);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, digest);
        return Convert.ToHexStringLower(digest);
    }

    private StoredOutcome Store(Result result)
    {
        if (result.IsFailure)
        {
            return new StoredOutcome(null, result.Error.Code, result.Error.Message, result.Error.Kind, currentUser.TraceId);
        }

        var value = ResultFactory<TResponse>.ValueType is { } type
            ? JsonSerializer.Serialize(ResultFactory<TResponse>.Value((TResponse)(object)result), type, Json)
            : "null";
        return new StoredOutcome(value, null, null, null);
    }

    private async Task<TResponse> ReplayAsync(Guid userId, string key, string hash, CancellationToken cancellationToken)
    {
        var record = await store.FindAsync(userId, key, cancellationToken)
            ?? throw new InvalidOperationException("An idempotency key was taken but its row is not visible.");
        if (record.RequestHash != hash)
        {
            return ResultFactory<TResponse>.Failure(IdempotencyErrors.KeyReused);
        }

        var outcome = record.Outcome
            ?? throw new InvalidOperationException("A committed idempotency key has no outcome.");
        context.Replayed = true;
        if (outcome.ErrorCode is { } code)
        {
            context.OriginalTraceId = outcome.TraceId;
            return ResultFactory<TResponse>.Failure(Error.Restore(code, outcome.ErrorMessage ?? string.Empty, outcome.ErrorKind ?? ErrorKind.BusinessRule, null));
        }

        var value = ResultFactory<TResponse>.ValueType is { } type ? JsonSerializer.Deserialize(outcome.ValueJson ?? "null", type, Json) : null;
        return ResultFactory<TResponse>.Success(value);
    }
}
