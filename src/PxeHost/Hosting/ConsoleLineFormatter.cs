using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace PxeHost.Hosting;

/// <summary>
/// One short line per message, for people watching the console: the time, the level as a word only
/// when it is not information ("warning: …"), and the message; the category and event id only when
/// <see cref="ConsoleLineOptions.ShowCategory"/> is set; for the journal, no time (journald stamps lines)
/// and the syslog priority first (<see cref="ConsoleLineOptions.SyslogPriority"/>). A message's line breaks become spaces, so a
/// client's text (a file name with "\n" in it) cannot forge a line of its own.
/// </summary>
public sealed class ConsoleLineFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "pxehost";

    private readonly TimeProvider _time;
    private readonly IDisposable? _reload;
    private ConsoleLineOptions _options;

    public ConsoleLineFormatter(IOptionsMonitor<ConsoleLineOptions> options, TimeProvider? time = null)
        : base(FormatterName)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time ?? TimeProvider.System;
        _options = options.CurrentValue;
        _reload = options.OnChange(changed => _options = changed);
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var options = _options;
        var line = new StringBuilder();
        if (options.SyslogPriority)
        {
            line.Append('<').Append(Priority(logEntry.LogLevel)).Append('>');
        }

        if (options.TimestampFormat is { } format)
        {
            var now = _time.GetUtcNow();
            line.Append((options.UseUtcTimestamp ? now : now.ToLocalTime()).ToString(format, CultureInfo.InvariantCulture));
        }

        if (logEntry.LogLevel != LogLevel.Information)
        {
            line.Append(Word(logEntry.LogLevel)).Append(": ");
        }

        if (options.ShowCategory)
        {
            line.Append(CultureInfo.InvariantCulture, $"{logEntry.Category}[{logEntry.EventId.Id}] ");
        }

        line.Append(message);
        if (logEntry.Exception is { } exception)
        {
            line.Append(' ').Append(exception);
        }

        line.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');
        textWriter.Write(line.Append(Environment.NewLine));
    }

    public void Dispose() => _reload?.Dispose();

    /// <summary>The syslog priority of <paramref name="level"/> (RFC 5424 section 6.2.1), as systemd's own formatter maps them.</summary>
    private static char Priority(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => '7',
        LogLevel.Information => '6',
        LogLevel.Warning => '4',
        LogLevel.Error => '3',
        _ => '2',
    };

    private static string Word(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        _ => "critical",
    };
}
