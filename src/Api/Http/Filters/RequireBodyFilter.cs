using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PortfolioTracker.Api.Http.Filters;

/// <summary>
/// A body of JSON <c>null</c> binds to a null argument; this marks it invalid so it is answered like a missing body
/// (400) instead of reaching the action. Runs just before the model-state check of <c>[ApiController]</c>.
/// </summary>
internal sealed class RequireBodyFilter : IActionFilter, IOrderedFilter
{
    public int Order => -2500;

    public void OnActionExecuting(ActionExecutingContext context)
    {
        foreach (var parameter in context.ActionDescriptor.Parameters)
        {
            if (parameter.BindingInfo?.BindingSource == BindingSource.Body
                && (!context.ActionArguments.TryGetValue(parameter.Name, out var value) || value is null)
                && context.ModelState.IsValid)
            {
                context.ModelState.AddModelError("body", "A JSON object is required as the request body.");
            }
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
