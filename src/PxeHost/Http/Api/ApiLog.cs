using Microsoft.Extensions.Logging;
using PxeHost.Events;

namespace PxeHost.Http.Api;

/// <summary>The API's log: the admin token (where, never what) and every state change, done or refused, with who asked; event ids 41xx.</summary>
internal static partial class ApiLog
{
    /// <summary>Says where the token is, never what it is.</summary>
    public static void Token(ILogger logger, AdminToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.File is null)
        {
            TokenNowhere(logger);
        }
        else if (token.Created)
        {
            TokenCreated(logger, token.File);
        }
        else
        {
            TokenRead(logger, token.File);
        }
    }

    [LoggerMessage(LogEventIds.Http.AdminTokenCreated, LogLevel.Information, "API: admin token generated in {File} (mode 0600): state changes need Authorization: Bearer and its content")]
    public static partial void TokenCreated(ILogger logger, string file);

    [LoggerMessage(LogEventIds.Http.AdminTokenRead, LogLevel.Information, "API: admin token read from {File}")]
    public static partial void TokenRead(ILogger logger, string file);

    [LoggerMessage(LogEventIds.Http.AdminTokenNone, LogLevel.Warning, "API: no data folder to keep an admin token in, and no --admin-token-file: the API is read-only")]
    public static partial void TokenNowhere(ILogger logger);

    [LoggerMessage(LogEventIds.Http.ApiRefused, LogLevel.Warning, "API: {Client} {Method} {Path} refused (401): {Reason}")]
    public static partial void Refused(ILogger logger, string client, string method, string path, string reason);

    [LoggerMessage(LogEventIds.Http.ApiChanged, LogLevel.Information, "API: {Client} {Method} {Path}: {What}")]
    public static partial void Changed(ILogger logger, string client, string method, string path, string what);

    [LoggerMessage(LogEventIds.Http.ApiChangeRefused, LogLevel.Information, "API: {Client} {Method} {Path} not done ({Status}): {Reason}")]
    public static partial void NotDone(ILogger logger, string client, string method, string path, int status, string reason);
}
