using Polly;

namespace PortfolioTracker.Infrastructure.Prices.Http;

/// <summary>
/// Our own request budget for a provider is spent: the attempt was not sent. Never retried (the budget refills over
/// seconds, not within one call).
/// </summary>
public sealed class RateLimitRejectedException : ExecutionRejectedException
{
    public RateLimitRejectedException()
    {
    }

    public RateLimitRejectedException(string message)
        : base(message)
    {
    }

    public RateLimitRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
