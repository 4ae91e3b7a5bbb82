using System.Net;
using Microsoft.Extensions.Logging;
using PxeHost.Events;
using PxeHost.Files;
using PxeHost.Tftp;

namespace PxeHost.Tests.Support;

/// <summary>
/// A real TFTP server on loopback with a fresh root folder, its log captured. Disposing stops it and
/// fails the test if the server logged an error.
/// </summary>
public sealed class TftpServerHarness : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;

    private TftpServerHarness(string root, TftpServer server, MetricReader metrics, ILoggerFactory loggers, CapturingLoggerProvider logs, IPEndPoint endpoint)
    {
        Root = root;
        Server = server;
        Metrics = metrics;
        _loggers = loggers;
        Logs = logs;
        Endpoint = endpoint;
    }

    public string Root { get; }

    public TftpServer Server { get; }

    /// <summary>This server's counters, as a metrics collector reads them.</summary>
    public MetricReader Metrics { get; }

    public CapturingLoggerProvider Logs { get; }

    public IPEndPoint Endpoint { get; }

    /// <param name="configure">Changes to the listening and retransmit options.</param>
    /// <param name="time">The clock; the system's by default.</param>
    /// <param name="prepareRoot">Fills the fresh root folder before the server starts.</param>
    /// <param name="events">Where the server publishes its transfers; none by default.</param>
    /// <param name="files">The chain served, built on the root folder; by default the root alone.</param>
    public static async Task<TftpServerHarness> StartAsync(
        Func<TftpServerOptions, TftpServerOptions>? configure = null, TimeProvider? time = null, Action<string>? prepareRoot = null,
        BootEventStream? events = null,
        Func<string, FileChain>? files = null)
    {
        // The root sits inside a private folder, so tests can put things beside it and all goes on dispose.
        var root = Directory.CreateDirectory(Path.Combine(Directory.CreateTempSubdirectory("pxehost-tftp-").FullName, "root")).FullName;
        prepareRoot?.Invoke(root);
        var options = new TftpServerOptions { ListenAddresses = [IPAddress.Loopback], Port = 0 };
        options = configure?.Invoke(options) ?? options;
        var chain = files?.Invoke(root) ?? new FileChain([new RootFileSource(root)]);
        var logs = new CapturingLoggerProvider();
        var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var server = new TftpServer(options, chain, time ?? TimeProvider.System, loggers.CreateLogger<TftpServer>(), events);
        var metrics = new MetricReader(server.Metrics);
        await server.StartAsync(CancellationToken.None);
        return new TftpServerHarness(root, server, metrics, loggers, logs, await server.Listening);
    }

    public string WriteFile(string relativePath, byte[] content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Waits until <paramref name="count"/> transfers have ended and returns their log lines.</summary>
    public async Task<IReadOnlyList<string>> TransferLinesAsync(int count)
    {
        await Eventually.TrueAsync(() => Logs.WithEventId(LogEventIds.Tftp.TransferEnded).Count() + Logs.WithEventId(LogEventIds.Tftp.Refused).Count() >= count, $"{count} transfer log lines");
        return Logs.WithEventId(LogEventIds.Tftp.TransferEnded).Concat(Logs.WithEventId(LogEventIds.Tftp.Refused)).Select(l => l.Message).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(CancellationToken.None);
        Server.Dispose();
        Metrics.Dispose();
        _loggers.Dispose();
        Directory.Delete(Path.GetDirectoryName(Root)!, recursive: true);
        var errors = Logs.Lines.Where(l => l.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, "the server logged errors: " + string.Join("; ", errors.Select(e => e.Message + " " + e.Exception)));
    }

    public static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
