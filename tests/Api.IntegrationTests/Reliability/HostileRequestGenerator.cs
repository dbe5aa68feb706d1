using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PortfolioTracker.Api.IntegrationTests.Infrastructure;

namespace PortfolioTracker.Api.IntegrationTests.Reliability;

/// <summary>The real resources the generated requests aim at, next to malformed and unknown ones.</summary>
public sealed record FuzzTargets(
    TestUser User,
    TestUser Other,
    TestUser Admin,
    Guid AccountId,
    Guid OtherAccountId,
    Guid PendingTransactionId,
    Guid CompletedTransactionId);

/// <summary>
/// A seeded generator of hostile requests over every route of the API (see <see cref="Routes"/>): each request starts
/// from a plausible one and is then spoilt — wrong JSON types, missing and extra members, huge and exponent numbers,
/// unicode, control characters and NUL, deep nesting, oversized bodies, injection strings, malformed ids, cursors and
/// dates, bad amounts, bad headers (Idempotency-Key, If-Match, Content-Type, Authorization) and malformed query strings.
/// The same seed and targets give the same sequence of requests.
/// </summary>
public sealed class HostileRequestGenerator(int seed, FuzzTargets targets)
{
    /// <summary>A route of the API: method, template (as the OpenAPI document writes it), query parameters and body.</summary>
    public sealed record FuzzRoute(string Method, string Template, string[] Query, Func<HostileRequestGenerator, JsonObject>? Body = null, bool Idempotent = false);

    public static readonly IReadOnlyList<FuzzRoute> Routes =
    [
        new("GET", "/health/live", []),
        new("GET", "/health/ready", []),
        new("GET", "/metrics", []),
        new("POST", "/api/v1/auth/register", [], g => new JsonObject { ["username"] = "fz_" + g.Word(8), ["email"] = g.Word(8) + "@example.com", ["password"] = "Passw0rdOk" }),
        new("POST", "/api/v1/auth/login", [], g => new JsonObject { ["email"] = g.targets.User.Email, ["password"] = g.Word(10) }),
        new("POST", "/api/v1/auth/refresh", [], g => new JsonObject { ["refreshToken"] = g.Word(40) }),
        new("POST", "/api/v1/auth/logout", [], g => new JsonObject { ["refreshToken"] = g.Word(40) }),
        new("GET", "/api/v1/users/me", []),
        new("GET", "/api/v1/users", ["limit", "cursor"]),
        new("GET", "/api/v1/users/{id}", []),
        new("PUT", "/api/v1/users/{id}", [], g => new JsonObject { ["username"] = g.targets.User.Username, ["email"] = g.targets.User.Email, ["role"] = "user" }),
        new("DELETE", "/api/v1/users/{id}", []),
        new("GET", "/api/v1/assets", []),
        new("GET", "/api/v1/assets/{code}", []),
        new("POST", "/api/v1/assets", [], g => new JsonObject { ["code"] = "Z" + g.Word(4).ToUpperInvariant(), ["name"] = "Fuzz " + g.Word(5), ["kind"] = "crypto", ["decimals"] = 8, ["priceId"] = "fz-" + g.Word(6) }),
        new("POST", "/api/v1/accounts", [], g => new JsonObject { ["name"] = "Fuzz " + g.Word(6), ["baseCurrency"] = "USD" }),
        new("GET", "/api/v1/accounts", []),
        new("GET", "/api/v1/accounts/{id}", []),
        new("PATCH", "/api/v1/accounts/{id}", [], g => new JsonObject { ["name"] = "Main" }),
        new("DELETE", "/api/v1/accounts/{id}", []),
        new("GET", "/api/v1/accounts/{id}/balances", ["at"]),
        new("GET", "/api/v1/accounts/{id}/balances/history", ["asset", "from", "to", "interval"]),
        new("POST", "/api/v1/transactions/credit", [], g => g.Movement(), Idempotent: true),
        new("POST", "/api/v1/transactions/debit", [], g => g.Movement(), Idempotent: true),
        new("POST", "/api/v1/transactions/transfer", [], g => new JsonObject { ["fromAccountId"] = g.targets.AccountId.ToString(), ["toAccountId"] = g.targets.OtherAccountId.ToString(), ["asset"] = "USD", ["amount"] = "1.00", ["description"] = "fuzz", ["pending"] = true }, Idempotent: true),
        new("POST", "/api/v1/transactions/trade", [], g => new JsonObject { ["accountId"] = g.targets.AccountId.ToString(), ["side"] = "buy", ["asset"] = "BTC", ["quantity"] = "0.0001", ["quoteAsset"] = "USD", ["price"] = "60000.00", ["fee"] = "0.10" }, Idempotent: true),
        new("POST", "/api/v1/transactions/{id}/post", [], Idempotent: true),
        new("POST", "/api/v1/transactions/{id}/void", [], Idempotent: true),
        new("POST", "/api/v1/transactions/{id}/reverse", [], g => new JsonObject { ["reason"] = "fuzz " + g.Word(5) }, Idempotent: true),
        new("GET", "/api/v1/transactions", ["accountId", "type", "status", "from", "to", "limit", "cursor"]),
        new("GET", "/api/v1/transactions/{id}", []),
        new("GET", "/api/v1/prices/popular", ["limit", "vs"]),
        new("POST", "/api/v1/prices/bulk", [], g => new JsonObject { ["coins"] = new JsonArray("bitcoin", "ethereum"), ["vs"] = "usd", ["timeoutMs"] = 2000 }),
        new("GET", "/api/v1/prices/cache/stats", []),
        new("DELETE", "/api/v1/prices/cache", []),
        new("GET", "/api/v1/prices/stream", ["coins", "vs", "interval", "maxUpdates"]),
        new("GET", "/api/v1/prices/{coinId}", ["vs"]),
        new("GET", "/api/v1/prices/{coinId}/history", ["vs", "days"]),
        new("GET", "/api/v1/stream/ws", []),
        new("GET", "/api/v1/portfolio", ["quote", "accountId"]),
        new("GET", "/api/v1/portfolio/performance", ["quote", "from", "to", "interval", "accountId"]),
        new("GET", "/api/v1/portfolio/stream", ["quote", "accountId", "interval"]),
        new("GET", "/api/v1/audit", ["userId", "entityType", "entityId", "action", "from", "to", "limit", "cursor"]),
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FUZZ"];

    private static readonly string[] HostileStrings =
    [
        "", " ", "   \t ", "null", "undefined", "true", "NaN", "-NaN", "Infinity", "-Infinity",
        "1e400", "-1e400", "1E+2", "1e-7", "0x10", "9999999999999999999999999999999", "79228162514264337593543950336",
        "-79228162514264337593543950336", "0.0000000000000000000000000000001", "1.001", "-1.00", "+1.00", "-0", "0", "0.00",
        "00001.00", ".5", "5.", "1,000.00", "1 000", "١٢٣", "１２３", "1.00\u0000", "\u0000", "a\u0000b", "\u0001\u0002\u001f\u007f",
        "\u200b\u200e\u202e", "\ud800", "\udfff", "🙂🙂🙂", "Ω≈ç√∫", "ǅǈǋ", "\uFEFF", "\r\n\r\n", "\\", "\\u0000", "%00", "%",
        "' OR '1'='1", "'; DROP TABLE users; --", "\" OR 1=1 --", "1; SELECT pg_sleep(10)--", "$$; DROP TABLE accounts; $$",
        "<script>alert(1)</script>", "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://x/a}", "../../../etc/passwd", "%2e%2e%2f",
        "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "not-a-guid", "{0000}", "USD", "usd", "BTC",
        "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "bitcoin", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "10000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-21T25:61:61Z", "2026-11-21", "-1", "2147483648", "-2147483649",
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", "admin", "ADMIN", "user\u0000admin",
    ];

    private static readonly string[] HostileJsonValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "1E308", "9999999999999999999999999999999", "1e-400",
        "-0", "[]", "{}", "[1,2,3]", "{\"a\":1}", "\"\"", "[null]", "18446744073709551616", "2147483648", "-2147483649",
        "0.1000000000000000000000000000000000001",
    ];

    private static readonly string[] RawBodies =
    [
        "", " ", "{", "}", "[", "{\"a\":", "{\"a\" 1}", "{'a':1}", "{a:1}", "{\"a\":1,}", "[1,2,]", "nul", "tru", "\"unterminated",
        "\u0000", "{\"a\":\"\u0000\"}", "{\"a\":\"\\u0000\"}", "{\"a\":\"\\ud800\"}", "\uFEFF{}", "{}{}", "{} trailing", "/* c */ {}",
        "{\"a\":1} // c", "123", "\"string\"", "null", "true", "[]", "[{}]", "{\"__proto__\":{\"admin\":true}}",
        "{\"$type\":\"System.IO.FileInfo, System.IO\",\"fileName\":\"x\"}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}",
        "{\"a\":1e999999999}", "{\"amount\":\"1\",\"amount\":\"2\"}", "\u00ff\u00fe{}",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=utf-16", "application/json; charset=nope", "application/problem+json", "application/merge-patch+json",
        "application/JSON", "application/json;;;", "*/*", "application", "json", "application/json; charset=\"utf-8\"",
    ];

    private readonly FuzzTargets targets = targets;
    private readonly Random random = new(seed);
    private int number;

    public int Seed => seed;

    public HostileRequest Next()
    {
        number++;
        var route = Routes[random.Next(Routes.Count)];
        var method = Chance(0.03) ? Pick(Methods) : route.Method;
        var headers = new List<KeyValuePair<string, string>>();
        var (caller, token) = Caller(headers);
        var path = FillPath(method, route.Template, caller);
        if (Chance(0.03))
        {
            path = MangledPath(path);
        }

        var query = Query(route);
        var url = query.Length == 0 ? path : path + "?" + query;

        string? body = null;
        string? contentType = null;
        if (route.Body is not null || method is "POST" or "PUT" or "PATCH" || Chance(0.05))
        {
            (body, contentType) = Body(route);
        }

        if (route.Idempotent || Chance(0.05))
        {
            IdempotencyKey(headers);
        }

        if (method is "PATCH" or "PUT" || Chance(0.05))
        {
            IfMatch(headers);
        }

        OtherHeaders(headers);
        return new HostileRequest(number, method, route.Template, url, caller, token, headers, body, contentType);
    }

    private JsonObject Movement() => new()
    {
        ["accountId"] = targets.AccountId.ToString(),
        ["asset"] = Pick(["USD", "BTC", "ETH", "EUR"]),
        ["amount"] = Pick(["1.00", "0.01", "0.00000001", "5"]),
        ["description"] = "fuzz",
    };

    private (string Caller, string? Token) Caller(List<KeyValuePair<string, string>> headers)
    {
        var roll = random.NextDouble();
        if (roll < 0.72)
        {
            return ("user", targets.User.AccessToken);
        }

        if (roll < 0.82)
        {
            return ("admin", targets.Admin.AccessToken);
        }

        if (roll < 0.88)
        {
            return ("anonymous", null);
        }

        var token = targets.User.AccessToken;
        var garbage = random.Next(9) switch
        {
            0 => "Bearer " + token[..^3] + "abc",
            1 => "Bearer " + token + ".extra",
            2 => "Bearer",
            3 => "Bearer    ",
            4 => "Basic dXNlcjpwYXNz",
            5 => "bearer " + string.Concat(token.Reverse()),
            6 => "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiLCJyb2xlIjoiYWRtaW4ifQ.",
            7 => "Bearer " + new string('A', 20_000),
            _ => "Bearer " + Pick(HostileStrings).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal),
        };
        headers.Add(new("Authorization", garbage));
        return ("garbage token", null);
    }

    private string FillPath(string method, string template, string caller)
    {
        var id = template switch
        {
            _ when !template.Contains('{', StringComparison.Ordinal) => null,
            _ when template.Contains("{code}", StringComparison.Ordinal) => Chance(0.5) ? Pick(["USD", "BTC", "usd", "ZZZZ"]) : Pick(HostileStrings),
            _ when template.Contains("{coinId}", StringComparison.Ordinal) => Chance(0.5) ? Pick(["bitcoin", "ethereum", "no-such-coin"]) : Pick(HostileStrings),
            _ when Chance(0.55) => RealId(method, template, caller),
            _ => Chance(0.7) ? Pick(HostileStrings) : Guid.NewGuid().ToString(),
        };

        if (id is null)
        {
            return template;
        }

        var encoded = Chance(0.85) ? Uri.EscapeDataString(id) : id.Replace("?", "%3F", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal);
        // A NUL in the path never reaches the application: Kestrel answers 400 itself and the in-process test server
        // throws on the client side. The overlong UTF-8 form of NUL goes through and tests the same thing.
        encoded = encoded.Replace("%00", "%C0%80", StringComparison.Ordinal).Replace("\0", "%C0%80", StringComparison.Ordinal);
        if (encoded.Length == 0)
        {
            encoded = "%20";
        }

        var start = template.IndexOf('{', StringComparison.Ordinal);
        var end = template.IndexOf('}', StringComparison.Ordinal);
        return string.Concat(template.AsSpan(0, start), encoded, template.AsSpan(end + 1));
    }

    /// <summary>
    /// A real id for the route. Never one whose success would end the run: the fuzz user's own id for a delete, or any
    /// real user for an admin's update or delete (a role change or a deletion would revoke the fuzz user's tokens).
    /// </summary>
    private string RealId(string method, string template, string caller)
    {
        if (template.StartsWith("/api/v1/users", StringComparison.Ordinal))
        {
            return method == "DELETE" || (method != "GET" && caller == "admin")
                ? Guid.NewGuid().ToString()
                : Pick([targets.User.Id.ToString(), targets.Other.Id.ToString()]);
        }

        if (template.StartsWith("/api/v1/accounts", StringComparison.Ordinal))
        {
            return Pick([targets.AccountId.ToString(), targets.OtherAccountId.ToString(), targets.AccountId.ToString().ToUpperInvariant()]);
        }

        return Pick([targets.PendingTransactionId.ToString(), targets.CompletedTransactionId.ToString(), targets.PendingTransactionId.ToString("B")]);
    }

    private string MangledPath(string path) => random.Next(6) switch
    {
        0 => path + "/",
        1 => path + "/extra/segments",
        2 => path.Replace("/api/v1", "/API/V1", StringComparison.Ordinal),
        3 => path + "%C0%80",
        4 => path.Replace("/api/v1", "/api/v1/.", StringComparison.Ordinal),
        _ => path + ";jsessionid=1",
    };

    private string Query(FuzzRoute route)
    {
        var parts = new List<string>();
        foreach (var name in route.Query)
        {
            if (Chance(0.4))
            {
                parts.Add(name + "=" + Encode(QueryValue(name)));
            }
        }

        if (Chance(0.15))
        {
            parts.Add(Pick(["limit", "cursor", "from", "accountId", "zzz", "", "access_token"]) + "=" + Encode(Pick(HostileStrings)));
        }

        if (Chance(0.05))
        {
            parts.Add(Pick(["%zz", "=", "&&&", "a=%", "%00=%00", "limit=1&limit=2", "a[]=1&a[b]=2", new string('q', 5000) + "=1", "x=" + new string('%', 7)]));
        }

        return string.Join('&', parts);
    }

    private string QueryValue(string name)
    {
        if (Chance(0.35))
        {
            return name switch
            {
                "limit" => Pick(["1", "200", "50"]),
                "days" => Pick(["1", "30", "365"]),
                "interval" => Pick(["day", "hour", "1", "60"]),
                "maxUpdates" => "1",
                "accountId" => targets.AccountId.ToString(),
                "userId" => targets.User.Id.ToString(),
                "asset" or "quote" => Pick(["USD", "BTC"]),
                "vs" => "usd",
                "coins" => "bitcoin,ethereum",
                "from" or "to" or "at" => DateTimeOffset.UtcNow.AddDays(-random.Next(400)).ToString("O", CultureInfo.InvariantCulture),
                "type" => "credit",
                "status" => "pending",
                _ => Word(6),
            };
        }

        return random.Next(6) switch
        {
            0 => Pick(["0", "-1", "201", "2147483648", "99999999999999999999", "1.5", "1e3", "0x10", " 1", "1 "]),
            1 => Pick(["2026-13-01", "2026-11-21T00:00:00", "yesterday", "1700000000", "2026-11-21T00:00:00+25:00", "0000-00-00"]),
            2 => Pick(["eyJpZCI6MX0", "AAAA", "////", "not base64!", "eyJ0IjoiMjAyNiIsImlkIjoieCJ9", new string('A', 3000)]),
            3 => string.Join(',', Enumerable.Range(0, random.Next(1, 80)).Select(_ => Pick(["bitcoin", "", "BITCOIN", "x", "eth\u0000"]))),
            _ => Pick(HostileStrings),
        };
    }

    private string Encode(string value) => Chance(0.9) ? Uri.EscapeDataString(value) : value.Replace("&", "%26", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal);

    private (string? Body, string? ContentType) Body(FuzzRoute route)
    {
        var contentType = Chance(0.88) ? "application/json" : Chance(0.1) ? null : Pick(ContentTypes);
        var roll = random.NextDouble();
        string body;
        if (roll < 0.6 || route.Body is null && roll < 0.7)
        {
            var json = route.Body?.Invoke(this) ?? new JsonObject();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                Mutate(json);
            }

            body = json.ToJsonString();
        }
        else if (roll < 0.8)
        {
            body = Pick(RawBodies);
        }
        else if (roll < 0.88)
        {
            body = DeeplyNested();
        }
        else if (roll < 0.9)
        {
            body = Oversized(route);
        }
        else
        {
            // A valid member list with a raw hostile value spliced in where JSON serializers would not write it.
            var json = route.Body?.Invoke(this) ?? new JsonObject { ["x"] = 1 };
            var name = json.Select(p => p.Key).ElementAt(random.Next(json.Count));
            json[name] = "@@";
            body = json.ToJsonString().Replace("\"@@\"", Pick(HostileJsonValues.Concat(["\"\\u0000\"", "\"\\ud800\"", "01", "1.", ".1", "+1", "0e", "\"\u0001\""]).ToArray()), StringComparison.Ordinal);
        }

        return (body, contentType);
    }

    private void Mutate(JsonObject json)
    {
        var names = json.Select(p => p.Key).ToList();
        var roll = random.Next(10);
        if (names.Count == 0 || roll == 0)
        {
            json[Pick(["extra", "id", "role", "isAdmin", "ownerId", "status", "balance", "createdBy", "__proto__", "$type", "constructor", Word(5)])] = HostileValue();
            return;
        }

        var name = names[random.Next(names.Count)];
        switch (roll)
        {
            case 1:
            case 2:
                json.Remove(name);
                break;
            case 3:
                json.Remove(name);
                json[Case(name)] = HostileValue();
                break;
            default:
                json[name] = HostileValue();
                break;
        }
    }

    private string Case(string name) => random.Next(3) switch
    {
        0 => name.ToUpperInvariant(),
        1 => name + " ",
        _ => name + "\u0000",
    };

    private JsonNode? HostileValue() => random.Next(8) switch
    {
        0 => JsonNode.Parse(Pick(HostileJsonValues.Where(v => !v.Contains("e400", StringComparison.Ordinal) && !v.Contains("e-400", StringComparison.Ordinal)).ToArray())),
        1 => JsonValue.Create(new string(Pick(['a', '9', 'é', '\u0000', '\u263a']), random.Next(256, 20_000))),
        2 => new JsonArray(JsonValue.Create(Pick(HostileStrings)), JsonValue.Create(1)),
        3 => new JsonObject { ["amount"] = Pick(HostileStrings) },
        4 => JsonValue.Create(random.Next(3) switch { 0 => decimal.MaxValue, 1 => -1m, _ => 1.000000000000000000001m }),
        _ => JsonValue.Create(Pick(HostileStrings)),
    };

    private string DeeplyNested()
    {
        var depth = Pick([33, 64, 200, 5_000, 100_000]);
        return random.Next(3) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth),
            _ => "{\"name\":" + string.Concat(Enumerable.Repeat("[", depth)),
        };
    }

    private string Oversized(FuzzRoute route)
    {
        var json = route.Body?.Invoke(this) ?? new JsonObject();
        var name = json.Count == 0 ? "pad" : json.Select(p => p.Key).First();
        json[name] = new string('x', Pick([(1024 * 1024) - 200, (1024 * 1024) + 1, 3 * 1024 * 1024]));
        return json.ToJsonString();
    }

    private void IdempotencyKey(List<KeyValuePair<string, string>> headers)
    {
        var roll = random.NextDouble();
        if (roll < 0.15)
        {
            return;
        }

        var key = roll < 0.6
            ? Guid.NewGuid().ToString()
            : random.Next(8) switch
            {
                0 => new string('k', 256),
                1 => new string('k', 10_000),
                2 => "key\u0001with\u0002controls",
                3 => "ключ",
                4 => "key with spaces",
                5 => "\t",
                6 => "key\u007f",
                _ => "fixed-fuzz-key",
            };
        headers.Add(new("Idempotency-Key", key));
        if (Chance(0.03))
        {
            headers.Add(new("Idempotency-Key", "second-" + Word(4)));
        }
    }

    private void IfMatch(List<KeyValuePair<string, string>> headers)
    {
        if (Chance(0.3))
        {
            return;
        }

        headers.Add(new("If-Match", Pick(["\"1\"", "\"999999\"", "*", "W/\"1\"", "1", "\"\"", "\"-1\"", "\"abc\"", "garbage", "\"1\", \"2\"", "\"99999999999999999999\"", "\"1\u0001\"", new string('"', 5000)])));
    }

    private void OtherHeaders(List<KeyValuePair<string, string>> headers)
    {
        if (Chance(0.05))
        {
            headers.Add(new("Accept", Pick(["text/html", "application/xml", "*/*;q=0", "application/json;q=nope", "\u0001"])));
        }

        if (Chance(0.03))
        {
            headers.Add(new("X-Forwarded-For", Pick(["not-an-ip", "1.1.1.1, 2.2.2.2, ::1", "999.999.999.999", new string('1', 3000)])));
        }

        if (Chance(0.03))
        {
            headers.Add(new("traceparent", Pick(["00-zz-zz-01", "00-00000000000000000000000000000000-0000000000000000-01", "ff-" + new string('a', 100)])));
        }

        if (Chance(0.03))
        {
            headers.Add(new("Last-Event-ID", Pick(["-1", "abc", "99999999999999999999", "\u0001"])));
        }
    }

    private string Word(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)('a' + random.Next(26)));
        }

        return text.ToString();
    }

    private bool Chance(double p) => random.NextDouble() < p;

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];
}
