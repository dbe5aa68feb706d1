namespace PortfolioTracker.Api.RateLimiting;

/// <summary>
/// The limits one request passes through, in order, and how far it got: kept on the request so that a wait after a
/// failed attempt continues where the attempt stopped, and so that the answer can report its quota and its refusal.
/// </summary>
internal sealed class RateLimitPlan
{
    private static readonly PathString[] ExemptPaths =
        [new("/health"), new("/metrics"), new("/openapi"), new("/swagger")];

    private static readonly PathString LoginPath = new("/api/v1/auth/login");
    private static readonly PathString RegisterPath = new("/api/v1/auth/register");

    private RateLimitPlan(string client, IReadOnlyList<RateLimitStage> stages, bool exempt)
    {
        Client = client;
        Stages = stages;
        Exempt = exempt;
    }

    /// <summary><c>user:&lt;id&gt;</c> or <c>ip:&lt;address&gt;</c>.</summary>
    public string Client { get; }

    public IReadOnlyList<RateLimitStage> Stages { get; }

    /// <summary>Operations endpoints are never limited.</summary>
    public bool Exempt { get; }

    /// <summary>The first stage not passed yet.</summary>
    public int Next { get; set; }

    /// <summary>The e-mail of a login attempt (normalised), when the body named one.</summary>
    public string? LoginEmail { get; private init; }

    /// <summary>The policy that refused the request, when one did.</summary>
    public string? RefusedBy { get; set; }

    public TimeSpan RetryAfter { get; set; }

    /// <summary>The quota the answer reports: the tightest of the request's limits, or the one that refused it.</summary>
    public RateLimitQuota? Quota { get; set; }

    public static bool IsExempt(PathString path) => ExemptPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public static bool IsLogin(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>The plan of this request, made on first use.</summary>
    public static RateLimitPlan Of(HttpContext context, ApiRateLimitBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<RateLimitPlan>() is { } existing)
        {
            return existing;
        }

        var plan = Create(context, buckets);
        context.Features.Set(plan);
        return plan;
    }

    private static RateLimitPlan Create(HttpContext context, ApiRateLimitBuckets buckets)
    {
        var client = RateLimitClient.KeyOf(context);
        var request = context.Request;
        if (IsExempt(request.Path))
        {
            return new RateLimitPlan(client, [], exempt: true);
        }

        var stages = new List<RateLimitStage>(3)
        {
            client.StartsWith("user:", StringComparison.Ordinal)
                ? new RateLimitStage(buckets.User, client)
                : new RateLimitStage(buckets.Anonymous, client),
        };

        var address = $"ip:{RateLimitClient.AddressOf(context)}";
        string? email = null;
        if (IsLogin(request))
        {
            stages.Add(new RateLimitStage(buckets.Login, address));
            email = context.Features.Get<LoginAttempt>()?.Email;
            if (email is not null)
            {
                // Only looks: a failed login takes the token afterwards (see RateLimitBookkeeping).
                stages.Add(new RateLimitStage(buckets.LoginFailures, $"email:{email}", CheckOnly: true));
            }
        }
        else if (HttpMethods.IsPost(request.Method) && request.Path.Equals(RegisterPath, StringComparison.OrdinalIgnoreCase))
        {
            stages.Add(new RateLimitStage(buckets.Register, address));
        }

        return new RateLimitPlan(client, stages, exempt: false) { LoginEmail = email };
    }
}

/// <summary>One limit of a plan: a bucket and the key within it; a request takes one token, or only checks that one is left.</summary>
internal sealed record RateLimitStage(KeyedTokenBucket Bucket, string Key, bool CheckOnly = false);

/// <summary>The e-mail address of a login request, read from its body before the limits are applied.</summary>
internal sealed record LoginAttempt(string Email);
