namespace PortfolioTracker.Application.Common.Telemetry;

/// <summary>
/// A singleton that publishes observable instruments (read at each collection) from its constructor. The API resolves
/// every registered one when telemetry starts, so their series exist from the first scrape on, even for a component
/// nothing else has asked for yet.
/// </summary>
public interface IObservableMetrics;
