using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using PxeHost.Hosting;
using PxeHost.Tests.Support;
using PxeHost.Tftp;

namespace PxeHost.Tests.Hosting;

/// <summary>Console lines are short and human: time, a level word only when it is not information, the message.</summary>
public sealed class ConsoleLineFormatterTests
{
    private const string Message = "dhcp 52:54:00:12:34:56 Discover on br0: Offer 10.0.0.57 boot snponly.efi (UEFI x64 PXE; boot file for UEFI x64; broadcast)";

    [Fact]
    public void Information_is_the_time_and_the_message_only()
    {
        Assert.Equal($"00:00:01.500 {Message}\n", Format(LogLevel.Information, Message, showCategory: false));
    }

    [Theory]
    [InlineData(LogLevel.Warning, "warning: ")]
    [InlineData(LogLevel.Error, "error: ")]
    [InlineData(LogLevel.Critical, "critical: ")]
    [InlineData(LogLevel.Debug, "debug: ")]
    public void Other_levels_say_their_word(LogLevel level, string word)
    {
        Assert.Equal($"00:00:01.500 {word}{Message}\n", Format(level, Message, showCategory: false));
    }

    [Fact]
    public void The_category_and_event_id_are_shown_when_asked_for()
    {
        Assert.Equal($"00:00:01.500 debug: PxeHost.Dhcp.DhcpServer[1001] {Message}\n", Format(LogLevel.Debug, Message, showCategory: true));
    }

    [Fact]
    public void A_line_break_in_a_message_does_not_start_a_line()
    {
        Assert.Equal("00:00:01.500 tftp \"x 12:00:00.000 error: forged\"\n", Format(LogLevel.Information, "tftp \"x\n12:00:00.000 error: forged\"", showCategory: false));
    }

    [Theory]
    [InlineData(LogLevel.Information, "<6>")]
    [InlineData(LogLevel.Warning, "<4>warning: ")]
    [InlineData(LogLevel.Error, "<3>error: ")]
    [InlineData(LogLevel.Critical, "<2>critical: ")]
    [InlineData(LogLevel.Debug, "<7>debug: ")]
    public void For_the_journal_a_line_is_its_syslog_priority_and_the_message_without_the_time(LogLevel level, string start)
    {
        Assert.Equal($"{start}{Message}\n", Format(level, Message, showCategory: false, journal: true));
    }

    [Fact]
    public void Outside_systemd_the_host_keeps_the_console_lifetime_and_timed_lines()
    {
        var options = new PxeHostOptions { Tftp = new TftpServerOptions { ListenAddresses = [System.Net.IPAddress.Loopback], Port = 0 } };
        using var host = PxeHostApplication.Build(options, LogLevel.Information);

        // Outside systemd AddSystemd adds nothing; the test process's stdout is no journal, so the time stays.
        Assert.IsNotType<Microsoft.Extensions.Hosting.Systemd.SystemdLifetime>(host.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostLifetime>());
        Assert.False(host.Services.GetRequiredService<IOptionsMonitor<ConsoleLineOptions>>().CurrentValue.SyslogPriority);
        Assert.NotNull(host.Services.GetRequiredService<IOptionsMonitor<ConsoleLineOptions>>().CurrentValue.TimestampFormat);
    }

    [Theory]
    [InlineData(LogLevel.Information, false)]
    [InlineData(LogLevel.Debug, true)]
    public void The_host_logs_through_it_and_shows_the_category_from_debug_on(LogLevel level, bool category)
    {
        var options = new PxeHostOptions { Tftp = new TftpServerOptions { ListenAddresses = [System.Net.IPAddress.Loopback], Port = 0 } };
        using var host = PxeHostApplication.Build(options, level);
        Assert.Equal(ConsoleLineFormatter.FormatterName, host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        Assert.Contains(host.Services.GetServices<ConsoleFormatter>(), f => f is ConsoleLineFormatter);
        Assert.Equal(category, host.Services.GetRequiredService<IOptionsMonitor<ConsoleLineOptions>>().CurrentValue.ShowCategory);
    }

    private static string Format(LogLevel level, string message, bool showCategory, bool journal = false)
    {
        using var services = new ServiceCollection()
            .Configure<ConsoleLineOptions>(o =>
            {
                o.TimestampFormat = journal ? null : "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
                o.ShowCategory = showCategory;
                o.SyslogPriority = journal;
            })
            .BuildServiceProvider();
        var time = new ManualTimeProvider();
        time.Advance(TimeSpan.FromMilliseconds(1500));
        using var formatter = new ConsoleLineFormatter(services.GetRequiredService<IOptionsMonitor<ConsoleLineOptions>>(), time);
        using var text = new StringWriter { NewLine = "\n" };
        formatter.Write(new LogEntry<string>(level, "PxeHost.Dhcp.DhcpServer", new EventId(1001), message, null, (s, _) => s), null, text);
        return text.ToString().Replace(Environment.NewLine, "\n", StringComparison.Ordinal);
    }
}
