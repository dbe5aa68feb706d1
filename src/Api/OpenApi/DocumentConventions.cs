using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PortfolioTracker.Api.OpenApi;

/// <summary>
/// Document transformer, the last one to run: the document's description of the API-wide conventions, one relative
/// server (so the document is the same whichever host serves it, and the committed copy equals the served one), the
/// tags with their descriptions, the security schemes, the shared headers and parameters, and every operation's
/// responses in the order of their status codes.
/// </summary>
internal sealed class DocumentConventions : IOpenApiDocumentTransformer
{
    private const string Description = """
        Self-hosted portfolio tracking and double-entry ledger. This document is the machine-readable form of the
        PortfolioTracker HTTP API v1 contract.

        **Conventions**
        - Everything is under `/api/v1` except the operations endpoints (`/health/*`, `/metrics`, this document at
          `/openapi/v1.json` and the UI at `/swagger`). JSON, camelCase. Timestamps are RFC 3339 in UTC
          (`2026-11-21T15:54:00.123456Z`); timestamps in queries may carry any offset. Ids are UUIDs (version 7).
        - Every member of a documented shape is always present; a value that does not exist is `null`.
        - **Amounts, quantities and prices are decimal strings** (`"0.00012345"`, schema `format: decimal`), never JSON
          numbers. Requests send digits with an optional fraction (no sign, exponent or spaces) and at most the asset's
          decimals; responses render amounts with exactly the asset's decimals. Values in a quote asset are rounded to
          its decimals, midpoint away from zero; percentages have 2 decimals.
        - No envelope: a success body is the resource. Every list is an object `{"items": [...]}`; paginated lists add
          `nextCursor` (null on the last page) and take `limit` (1–200, default 50) and `cursor`. Order is stable,
          newest first unless stated.
        - Creating a resource answers 201 with `Location`; actions on a resource answer 200 with it; `DELETE` answers 204.
        - Errors are RFC 9457 problem documents (`application/problem+json`, schema `Problem`) with a stable snake_case
          `code`, the `traceId` and, for `validation_failed`, `errors` per field. Each operation lists the statuses and
          codes it can answer. Besides those, any request can get 404 `not_found` for an unknown route, 405
          `method_not_allowed` for a method the route does not have, and (from the server itself, without a problem
          body) 431 or 414 for oversized headers or request lines. A 500 (`internal_error`) is always a bug.
        - Money movements accept `Idempotency-Key`. Accounts and users carry an `ETag`; `PATCH /api/v1/accounts/{id}`
          and `PUT /api/v1/users/{id}` honour `If-Match`.
        - Rate limits (on by default) answer 429 with `Retry-After`; every answer under a limit carries `RateLimit-Limit`,
          `RateLimit-Remaining` and `RateLimit-Reset`. 503 (database or every price provider down) carries `Retry-After`.
        - Authentication: `Authorization: Bearer <accessToken>` from `POST /api/v1/auth/login`; the stream endpoints also
          accept `?access_token=`. Roles: `user`, `admin`.
        """;

    /// <summary>The tags, in the order a reader meets them, with what they group.</summary>
    private static readonly (string Name, string Description)[] Tags =
    [
        (
            "auth",
            "Registration, login, refresh-token rotation (a spent refresh token presented again revokes its whole " +
            "session) and logout."),
        (
            "users",
            "Users: your own (`/users/me`), and for admins every user. Another user's id answers 404. Users can " +
            "change their username and e-mail; only an admin changes roles."),
        (
            "assets",
            "What the ledger can hold: fiat (2 decimals) and crypto assets with their on-chain precision and " +
            "market-data `priceId`. Admins add assets."),
        (
            "accounts",
            "Your accounts and their balances: now, at an instant, or hour by hour / day by day. An account holds any" +
            " number of assets; it can be closed once every balance is zero."),
        (
            "transactions",
            "Money movements (credit, debit, transfer — optionally pending until posted or voided —, trade, admin " +
            "reversal), each one balanced double-entry transaction, and their history. Movements accept " +
            "`Idempotency-Key`."),
        (
            "prices",
            "Market data: single, bulk, popular and historical prices (cached, served stale with `stale: true` when " +
            "every provider fails), live prices over Server-Sent Events (`GET /api/v1/prices/stream`) and over a " +
            "WebSocket (`GET /api/v1/stream/ws`, protocol in that operation's description)."),
        (
            "portfolio",
            "Your holdings valued in any quote asset with average cost and unrealized P&L, their value over time, and" +
            " the same snapshot as a live Server-Sent Events stream."),
        (
            "audit",
            "Admins: every state change and every refused attempt, with who, when, from where and the state before " +
            "and after."),
        (
            "operations",
            "Liveness, readiness and Prometheus metrics, for orchestrators and monitoring; no token, never rate " +
            "limited."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "PortfolioTracker API",
            Version = "v1",
            Description = Description,
        };
        document.Servers =
        [
            new OpenApiServer { Url = "/", Description = "The server that serves this document (every path is absolute: `/api/v1/…`, `/health/…`, `/metrics`)." },
        ];
        var used = document.Tags?.Select(t => t.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var unknown = used.Except(Tags.Select(t => t.Name)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"Tags without a description in {nameof(DocumentConventions)}: {string.Join(", ", unknown)}.");
        }

        document.Tags = new HashSet<OpenApiTag>(Tags.Where(t => used.Contains(t.Name)).Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[OpenApiSetup.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token from `POST /api/v1/auth/login` or `POST /api/v1/auth/refresh`, as `Authorization: Bearer <accessToken>`.",
        };
        document.Components.SecuritySchemes[OpenApiSetup.QueryTokenScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Query,
            Name = "access_token",
            Description = "The same access token as a query parameter, accepted only by the stream endpoints (browsers cannot set headers " +
                "on EventSource and WebSocket requests) and only when there is no `Authorization` header.",
        };
        ApiHeaders.Register(document);

        foreach (var operation in document.Paths.Values.SelectMany(p => (IEnumerable<OpenApiOperation>?)p.Operations?.Values ?? []))
        {
            operation.Responses = Sorted(operation.Responses);
        }

        return Task.CompletedTask;
    }

    /// <summary>The responses ordered by status code.</summary>
    private static OpenApiResponses? Sorted(OpenApiResponses? responses)
    {
        if (responses is null)
        {
            return null;
        }

        var sorted = new OpenApiResponses();
        foreach (var (key, response) in responses.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            sorted[key] = response;
        }

        return sorted;
    }
}
