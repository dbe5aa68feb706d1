using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;
using PortfolioTracker.Domain.Common;

namespace PortfolioTracker.Application.Common.Behaviours;

/// <summary>
/// Outermost behaviour: times every request and logs refusals and crashes by request name and error code. Request
/// contents are never logged (they carry passwords and tokens).
/// </summary>
public sealed partial class LoggingBehaviour<TRequest, TResponse>(ILogger<LoggingBehaviour<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly string RequestName = typeof(TRequest).Name;

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response is Result { IsFailure: true } failed)
            {
                LogRefused(logger, RequestName, failed.Error.Code, elapsedMs);
            }
            else
            {
                LogHandled(logger, RequestName, elapsedMs);
            }

            return response;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception, RequestName, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Request} handled in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string request, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Request} refused with {Code} in {ElapsedMs:0.0} ms")]
    private static partial void LogRefused(ILogger logger, string request, string code, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Request} failed after {ElapsedMs:0.0} ms")]
    private static partial void LogFailed(ILogger logger, Exception exception, string request, double elapsedMs);
}
