using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PortfolioTracker.Api.IntegrationTests.Infrastructure;

/// <summary>Builds hostile variants of a real access token, the way an attacker would.</summary>
public static class TokenForge
{
    public static JsonObject Payload(string token) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!.AsObject();

    /// <summary>Signs <paramref name="payload"/> with HS256 and the given key (the server's, unless stated).</summary>
    public static string Sign(JsonObject payload, string key = ApiFactory.SigningKey, string alg = "HS256")
    {
        var header = Encode(new JsonObject { ["alg"] = alg, ["typ"] = "JWT" });
        var body = Encode(payload);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{body}"));
        return $"{header}.{body}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>An unsigned token (<c>alg: none</c>) carrying <paramref name="payload"/>.</summary>
    public static string WithoutSignature(JsonObject payload) =>
        $"{Encode(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" })}.{Encode(payload)}.";

    /// <summary>The token with one character of its signature changed.</summary>
    public static string TamperSignature(string token)
    {
        var last = token[^2];
        return token[..^2] + (last == 'A' ? 'B' : 'A') + token[^1];
    }

    /// <summary>The payload changed (e.g. role → admin) but the original signature kept.</summary>
    public static string TamperPayload(string token, Action<JsonObject> change)
    {
        var parts = token.Split('.');
        var payload = Payload(token);
        change(payload);
        return $"{parts[0]}.{Encode(payload)}.{parts[2]}";
    }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
