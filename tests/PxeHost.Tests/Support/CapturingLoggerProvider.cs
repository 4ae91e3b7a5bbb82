using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PxeHost.Tests.Support;

/// <summary>Keeps every log line of a server under test, so tests can assert what an admin would read.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public IEnumerable<LogLine> WithEventId(int id) => _lines.Where(l => l.EventId == id);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    public sealed record LogLine(LogLevel Level, int EventId, string Message, Exception? Exception);

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue(new LogLine(logLevel, eventId.Id, formatter(state, exception), exception));
    }
}
