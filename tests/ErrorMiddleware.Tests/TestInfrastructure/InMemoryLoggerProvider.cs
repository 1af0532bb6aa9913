using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.TestInfrastructure;

/// <summary>Collects every log entry so tests can assert EventIds and levels.</summary>
internal sealed class InMemoryLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

    public IReadOnlyList<LogEntry> For(string eventName) => Entries.Where(e => e.EventId.Name == eventName).ToList();

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}

internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
