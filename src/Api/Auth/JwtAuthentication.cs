using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using PortfolioTracker.Api.Http.Problems;
using PortfolioTracker.Application.Common.Auditing;
using PortfolioTracker.Application.Common.Interfaces;
using PortfolioTracker.Infrastructure.Identity;

namespace PortfolioTracker.Api.Auth;

/// <summary>
/// Bearer authentication: HS256 tokens of this API only, checked against the user's live security stamp, with
/// 401/403 answered as problem documents.
/// </summary>
internal static class JwtAuthentication
{
    /// <summary>The endpoints that also take the token from the query string.</summary>
    public static readonly PathString[] StreamPaths =
        [new("/api/v1/prices/stream"), new("/api/v1/portfolio/stream"), new("/api/v1/stream/ws")];

    public static IServiceCollection AddJwtAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();

        // Authentication pulls in ASP.NET data protection, which a bearer-only API never uses. Its start-up service
        // would create a key ring and write it to the home directory (with a warning); drop that service, and should
        // anything ever protect data, keep the keys in memory.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        var keyRingWarmUp = services.FirstOrDefault(d =>
            d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService");
        if (keyRingWarmUp is not null)
        {
            services.Remove(keyRingWarmUp);
        }
        services.AddSingleton<CachedTokenValidation>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, JwtSigningKey, CachedTokenValidation>((bearer, jwt, key, validation) =>
            {
                bearer.MapInboundClaims = false;
                bearer.RequireHttpsMetadata = false;
                bearer.TokenValidationParameters = AccessTokenClaims.ValidationParameters(jwt.Value, key);
                // One validation per token and process, not per request (CachedTokenValidation).
                bearer.TokenHandlers.Clear();
                bearer.TokenHandlers.Add(validation);
                bearer.Events = new JwtBearerEvents
                {
                    OnMessageReceived = TokenFromQueryOnStreams,
                    OnTokenValidated = CheckSessionAsync,
                    OnChallenge = WriteUnauthorizedAsync,
                    OnForbidden = WriteForbiddenAsync,
                };
            });
        services.AddAuthorization();
        return services;
    }

    /// <summary>
    /// Browsers cannot set headers on EventSource and WebSocket requests: on the stream endpoints (only), a token may
    /// come as <c>?access_token=</c> when there is no <c>Authorization</c> header.
    /// </summary>
    private static Task TokenFromQueryOnStreams(MessageReceivedContext context)
    {
        var request = context.HttpContext.Request;
        if (string.IsNullOrEmpty(request.Headers.Authorization)
            && StreamPaths.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase))
            && request.Query.TryGetValue("access_token", out var token)
            && !string.IsNullOrEmpty(token))
        {
            context.Token = token.ToString();
        }

        return Task.CompletedTask;
    }

    /// <summary>A token of a deleted user, or one issued before the user's security stamp changed, is refused.</summary>
    private static async Task CheckSessionAsync(TokenValidatedContext context)
    {
        var principal = context.Principal;
        if (principal is null
            || !Guid.TryParse(principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var userId)
            || principal.FindFirst(AccessTokenClaims.SecurityStamp)?.Value is not { } stamp)
        {
            context.Fail("The token lacks its subject or security stamp.");
            return;
        }

        var sessions = context.HttpContext.RequestServices.GetRequiredService<IUserSessions>();
        var session = await sessions.FindAsync(userId, context.HttpContext.RequestAborted);
        if (session is null || session.SecurityStamp != stamp)
        {
            context.Fail("The token was revoked.");
        }
    }

    /// <summary>No valid token for an endpoint that needs one: audited as a refused attempt, answered 401.</summary>
    private static async Task WriteUnauthorizedAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var failed = context.AuthenticateFailure is not null;
        await AuditRefusalAsync(context.HttpContext, "unauthorized");
        context.Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        var detail = failed
            ? "The access token is invalid, expired or revoked."
            : "This operation needs a bearer access token (Authorization: Bearer <token>).";
        await ApiProblems.WriteAsync(context.HttpContext, ApiProblems.Create(context.HttpContext, StatusCodes.Status401Unauthorized, "unauthorized", detail));
    }

    /// <summary>
    /// An attempt the authentication or authorization layer refused, against the endpoint (its route template, so
    /// that ids do not scatter the entries); who and from where are added by the audit log.
    /// </summary>
    private static Task AuditRefusalAsync(HttpContext http, string code)
    {
        var endpoint = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value;
        var auditLog = http.RequestServices.GetRequiredService<IAuditLog>();
        return auditLog.RecordAsync(
            new AuditEntry($"http.{http.Request.Method.ToLowerInvariant()}", "endpoint", endpoint, AuditOutcome.Refused, code),
            http.RequestAborted);
    }

    /// <summary>A role refused by the authorization layer: audited as a refused attempt, answered 403.</summary>
    private static async Task WriteForbiddenAsync(ForbiddenContext context)
    {
        var http = context.HttpContext;
        await AuditRefusalAsync(http, "forbidden");
        await ApiProblems.WriteAsync(http, ApiProblems.Create(http, StatusCodes.Status403Forbidden, "forbidden", "Your role does not allow this operation."));
    }
}
