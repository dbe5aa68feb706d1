using Microsoft.AspNetCore.Mvc.Filters;
using PortfolioTracker.Application.Common.Idempotency;

namespace PortfolioTracker.Api.Http.Filters;

/// <summary>Marks a replayed answer with <c>Idempotent-Replayed: true</c>.</summary>
internal sealed class IdempotencyReplayHeaderFilter(IdempotencyContext idempotency) : IResultFilter
{
    public const string Header = "Idempotent-Replayed";

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (idempotency.Replayed)
        {
            context.HttpContext.Response.Headers[Header] = "true";
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
