using Microsoft.Extensions.Logging;
using PxeHost.Events;

namespace PxeHost.Http;

/// <summary>HTTP log messages; event ids 4xxx.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(LogEventIds.Http.Listening, LogLevel.Information, "HTTP serving on {Urls}")]
    public static partial void Listening(ILogger logger, string urls);

    [LoggerMessage(LogEventIds.Http.Served, LogLevel.Information, "http {Client} {Method} {Path} {Status} {Bytes} bytes in {DurationMs} ms{Reason}")]
    public static partial void Served(ILogger logger, ClientLabel client, string method, string path, int status, long? bytes, long durationMs, string reason);

    [LoggerMessage(LogEventIds.Http.Opened, LogLevel.Debug, "http {Client} /{File} from {Source}: {Path}")]
    public static partial void Opened(ILogger logger, ClientLabel client, string file, string source, string path);
}
