using System.Diagnostics;

namespace PortfolioTracker.Application.Common.Telemetry;

/// <summary>
/// The names our own telemetry is published under: one <see cref="ActivitySource"/> for spans (mediator requests, outbound
/// price calls) and the meter name every <see cref="System.Diagnostics.Metrics.IMeterFactory"/> user asks for. Listeners
/// (the OpenTelemetry SDK in the API) subscribe by these names; without a listener a span costs nothing.
/// </summary>
public static class Instrumentation
{
    /// <summary>The activity source and meter name: <c>PortfolioTracker</c>.</summary>
    public const string Name = "PortfolioTracker";

    /// <summary>The source of every span the application and its infrastructure start.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);
}
