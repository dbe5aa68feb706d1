using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PortfolioTracker.Api.Auth;

/// <summary>
/// The bearer token check with a memory: a token this process has already validated (signature, algorithm, issuer,
/// audience, lifetime) is not parsed and verified again on every request until it expires. The validation itself is
/// <see cref="JsonWebTokenHandler"/>'s; only its successes are remembered, keyed by the exact token text, each until
/// the token's own expiry (stricter than the validation, which allows the clock skew on top), and every request gets
/// its own copy of the identity. Nothing else changes: the session check (security stamp, deleted user) still runs
/// on every request, after this. Profiled on the authenticated ping: parsing and verifying the token was two thirds
/// of the bytes a request allocated.
/// </summary>
/// <remarks>
/// Bounded: at most <see cref="Capacity"/> tokens (expired ones are dropped first when it is full; beyond that, new
/// tokens are simply validated every time, so nobody can push others' tokens out). Only this API's signed tokens are
/// ever remembered, and the validation parameters are fixed for the life of the process.
/// </remarks>
internal sealed class CachedTokenValidation(TimeProvider clock) : TokenHandler
{
    public const int Capacity = 4096;

    private readonly JsonWebTokenHandler inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Validated> validated = new(StringComparer.Ordinal);

    /// <summary>How many validated tokens are remembered (for tests and diagnostics).</summary>
    public int Count => validated.Count;

    public override int MaximumTokenSizeInBytes
    {
        get => inner.MaximumTokenSizeInBytes;
        set => inner.MaximumTokenSizeInBytes = value;
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        if (token is not null && validated.TryGetValue(token, out var known))
        {
            if (clock.GetUtcNow().UtcDateTime < known.Expires)
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    ClaimsIdentity = known.Identity.Clone(),
                    SecurityToken = known.Token,
                    TokenType = known.TokenType,
                };
            }

            validated.TryRemove(new KeyValuePair<string, Validated>(token, known));
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && token is not null && result.SecurityToken is JsonWebToken jwt && result.ClaimsIdentity is { } identity)
        {
            Remember(token, new Validated(identity.Clone(), jwt, result.TokenType, jwt.ValidTo));
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    private void Remember(string token, Validated entry)
    {
        if (validated.Count >= Capacity)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var (key, value) in validated)
            {
                if (value.Expires <= now)
                {
                    validated.TryRemove(new KeyValuePair<string, Validated>(key, value));
                }
            }

            if (validated.Count >= Capacity)
            {
                return;
            }
        }

        validated.TryAdd(token, entry);
    }

    private sealed record Validated(ClaimsIdentity Identity, JsonWebToken Token, string? TokenType, DateTime Expires);
}
