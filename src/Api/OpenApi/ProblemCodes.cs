using Microsoft.AspNetCore.WebUtilities;

namespace PortfolioTracker.Api.OpenApi;

/// <summary>
/// Every problem <c>code</c> the document names, with what it means to a client. A code used by a
/// <see cref="ProblemAttribute"/> but missing here stops the document's generation, so the list stays complete.
/// </summary>
internal static class ProblemCodes
{
    private static readonly Dictionary<string, string> Meanings = new(StringComparer.Ordinal)
    {
        ["validation_failed"] = "a field, parameter or header is missing or invalid (malformed JSON included); `errors` names each field with what is wrong",
        ["unauthorized"] = "no bearer token, or an invalid, expired or revoked one",
        ["invalid_credentials"] = "wrong e-mail address or password (the same answer for both)",
        ["invalid_refresh_token"] = "the refresh token is unknown, expired or revoked",
        ["refresh_token_reused"] = "the refresh token was already spent: its whole session is revoked, log in again",
        ["forbidden"] = "authenticated, but your role or ownership does not allow this",
        ["not_found"] = "no such resource, or it belongs to another user",
        ["email_taken"] = "another user has this e-mail address",
        ["username_taken"] = "another user has this username",
        ["account_name_taken"] = "you already have an account with this name",
        ["asset_exists"] = "an asset with this code exists",
        ["price_id_taken"] = "another asset uses this price id",
        ["idempotency_key_reused"] = "this `Idempotency-Key` was used with a different request",
        ["precondition_failed"] = "`If-Match` matches none of the resource's current `ETag`",
        ["payload_too_large"] = "the request body is larger than the server accepts (1 MiB by default)",
        ["unsupported_media_type"] = "send the body as `application/json`",
        ["insufficient_funds"] = "the available balance does not cover the amount",
        ["account_closed"] = "an account involved is closed",
        ["account_not_empty"] = "only an account whose every balance is zero can be closed",
        ["same_account"] = "the source and the target account are the same",
        ["invalid_state"] = "the transaction is not in a state that allows this",
        ["asset_mismatch"] = "an asset cannot be traded against itself",
        ["price_required"] = "no `price` was given and no fresh market price is available",
        ["trade_too_small"] = "quantity × price rounds to zero in the quote asset",
        ["fee_exceeds_proceeds"] = "the fee is larger than what the sale brings in",
        ["balance_limit_exceeded"] = "a resulting balance (or a trade's quote amount) would exceed what the asset allows",
        ["rate_limited"] = "a rate limit refused the request (`detail` says which): retry after `Retry-After` seconds",
        ["database_unavailable"] = "the database cannot be reached: retry after `Retry-After` seconds",
        ["price_unavailable"] = "no provider can price this now and no price is known from before: retry after `Retry-After` seconds",
        ["price_timeout"] = "the providers did not answer in time: retry after `Retry-After` seconds",
        ["websocket_required"] = "a plain HTTP request: connect with a WebSocket client (`Upgrade: websocket`)",
        ["metrics_unavailable"] = "the metrics could not be collected: retry after `Retry-After` seconds",
    };

    public static string MeaningOf(string code) =>
        Meanings.TryGetValue(code, out var meaning)
            ? meaning
            : throw new InvalidOperationException($"Problem code '{code}' has no entry in {nameof(ProblemCodes)}.");

    /// <summary>The description of a problem answer: its reason phrase, then each code with its meaning.</summary>
    public static string Describe(int status, IReadOnlyCollection<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var reason = ReasonPhrases.GetReasonPhrase(status);
        return codes.Count == 1
            ? $"{reason}. `{codes.First()}`: {MeaningOf(codes.First())}."
            : $"{reason}, with one of these codes:\n" + string.Join('\n', codes.Select(c => $"- `{c}`: {MeaningOf(c)}."));
    }
}
