using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PortfolioTracker.Api.Http;

/// <summary>
/// Binds query and route timestamps (<c>?at=2026-11-21T12:00:00+02:00</c>) as RFC 3339 and converts them to UTC, the
/// only offset the application and the database work in. A value that is not a timestamp is a model error (400).
/// </summary>
internal sealed class UtcDateTimeOffsetModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None || string.IsNullOrEmpty(value.FirstValue))
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
        if (DateTimeOffset.TryParse(value.FirstValue, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            bindingContext.Result = ModelBindingResult.Success(parsed.ToUniversalTime());
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, "Must be an RFC 3339 timestamp such as 2026-11-21T12:00:00Z.");
        }

        return Task.CompletedTask;
    }

    /// <summary>Used for every <see cref="DateTimeOffset"/> and nullable one.</summary>
    public sealed class Provider : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
            return type == typeof(DateTimeOffset) ? new UtcDateTimeOffsetModelBinder() : null;
        }
    }
}
