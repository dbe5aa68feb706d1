using Microsoft.Extensions.Logging;

namespace PortfolioTracker.Api.IntegrationTests.Infrastructure;

/// <summary>One log entry as a provider received it: category, level, message, structured state and scopes.</summary>
public sealed record CapturedLog(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyDictionary<string, object?> State,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Scopes,
    string? Exception)
{
    /// <summary>Everything the entry would put in a log line, as text.</summary>
    public string AllText =>
        string.Join(
            '\n',
            new[] { Message, Exception ?? string.Empty }
                .Concat(State.Select(s => $"{s.Key}={s.Value}"))
                .Concat(Scopes.SelectMany(scope => scope.Select(s => $"{s.Key}={s.Value}"))));
}

/// <summary>
/// A logger provider for tests: keeps the latest entries (bounded) of every category, with their structured state and
/// the scopes active when they were written (the trace id among them).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private const int Capacity = 20_000;

    private readonly Queue<CapturedLog> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    /// <summary>A copy of the entries kept.</summary>
    public IReadOnlyList<CapturedLog> Entries
    {
        get
        {
            lock (entries)
            {
                return [.. entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Add(CapturedLog entry)
    {
        lock (entries)
        {
            entries.Enqueue(entry);
            while (entries.Count > Capacity)
            {
                entries.Dequeue();
            }
        }
    }

    private static Dictionary<string, object?> Pairs(object? state)
    {
        var pairs = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                pairs[key] = value;
            }
        }
        else if (state is not null)
        {
            pairs["Scope"] = state.ToString();
        }

        return pairs;
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var active = new List<IReadOnlyDictionary<string, object?>>();
            owner.scopes.ForEachScope((scope, list) => list.Add(Pairs(scope)), active);
            owner.Add(new CapturedLog(category, logLevel, eventId, formatter(state, exception), Pairs(state), active, exception?.ToString()));
        }
    }
}
