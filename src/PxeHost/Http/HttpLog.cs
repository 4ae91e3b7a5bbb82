using System.Net;
using Microsoft.Extensions.Logging;

namespace PxeHost.Http;

/// <summary>HTTP log messages; event ids 4xxx.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(4000, LogLevel.Information, "HTTP serving on {Urls}")]
    public static partial void Listening(ILogger logger, string urls);

    [LoggerMessage(4001, LogLevel.Information, "http {Client} {Method} {Path} {Status} {Bytes} bytes in {DurationMs} ms{Reason}")]
    public static partial void Served(ILogger logger, IPAddress? client, string method, string path, int status, long? bytes, long durationMs, string reason);

    [LoggerMessage(4002, LogLevel.Debug, "http {Client} /{File} from {Source}: {Path}")]
    public static partial void Opened(ILogger logger, IPAddress? client, string file, string source, string path);
}
