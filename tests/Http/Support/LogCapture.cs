using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Records every log event with its structured state, so tests can assert what is (and is not) logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _events);

    public void Dispose()
    {
    }

    /// <summary>One event: its name, rendered message and structured properties.</summary>
    public sealed record LogEvent(string Category, string EventName, string Message, IReadOnlyDictionary<string, string?> Properties);

    private sealed class Logger(string category, ConcurrentQueue<LogEvent> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = (state as IEnumerable<KeyValuePair<string, object?>>)?
                .ToDictionary(p => p.Key, p => p.Value?.ToString(), StringComparer.Ordinal) ?? [];
            events.Enqueue(new LogEvent(category, eventId.Name ?? string.Empty, formatter(state, exception), properties));
        }
    }
}
