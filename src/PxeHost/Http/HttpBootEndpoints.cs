using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using PxeHost.Boot;
using PxeHost.Boot.Plan;
using PxeHost.Files;

namespace PxeHost.Http;

/// <summary>
/// The HTTP side of a boot: per-client iPXE scripts at <c>/boot/{mac}.ipxe</c>, quick mode's kernel
/// and initrds, and every file the TFTP side serves at the same path, from the same
/// <see cref="FileChain"/> — with HEAD, Range and ETag. A name the chain refuses is a 404 whatever
/// the reason (the reason goes to the log, not to the client).
/// </summary>
public static class HttpBootEndpoints
{
    /// <param name="app">The web application to map the routes on.</param>
    /// <param name="options">Listening and API settings.</param>
    /// <param name="files">The files served at <c>/{path}</c>, the chain TFTP serves too.</param>
    /// <param name="planner">The boot planner (quick mode, the API).</param>
    /// <param name="logger">Where requests are logged (event ids 4xxx).</param>
    /// <param name="plan">The plan's files, for the per-client iPXE script; null without a plan.</param>
    public static void MapBootEndpoints(
        this WebApplication app, HttpBootOptions options, FileChain files, BootPlanner planner, ILogger logger, PlanBootFiles? plan = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(planner);
        app.Lifetime.ApplicationStarted.Register(() => HttpLog.Listening(logger, string.Join(", ", app.Urls)));
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            await next(context).ConfigureAwait(false);
            var reason = context.Items.TryGetValue("reason", out var why) ? $": {why}" : string.Empty;
            HttpLog.Served(logger, context.Connection.RemoteIpAddress, context.Request.Method, context.Request.Path,
                context.Response.StatusCode, context.Response.ContentLength, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, reason);
        });

        var api = planner.Options.ApiUrl is { } apiUrl
            ? new BootApi(apiUrl, options.ApiTimeout, new HttpClient(), logger)
            : null;
        app.MapMethods("/boot/{client}.ipxe", ["GET", "HEAD"], (HttpContext context, string client) => Script(context, client, planner, api, plan));
        if (planner.Options.Quick is { } quick)
        {
            var quickFiles = new[] { quick.Kernel }.Concat(quick.Initrds).ToArray();
            app.MapMethods("/quick/{index:int}/{name}", ["GET", "HEAD"], (HttpContext context, int index, string name) =>
                index >= 0 && index < quickFiles.Length && Path.GetFileName(quickFiles[index]) == name
                    ? QuickFileResult(quickFiles[index])
                    : NotFound(context, "not one of quick mode's files"));
        }

        app.MapMethods("/{**path}", ["GET", "HEAD"], (HttpContext context, string? path) => ServeFile(context, files, path ?? string.Empty, logger));
    }

    private static IResult ServeFile(HttpContext context, FileChain files, string path, ILogger logger)
    {
        var purpose = HttpMethods.IsHead(context.Request.Method) ? FilePurpose.Probe : FilePurpose.Fetch;
        var answer = files.Open(path, new FileRequest(LocalAddress(context), context.Connection.RemoteIpAddress, purpose));
        if (answer.Refusal is { } refusal)
        {
            return NotFound(context, refusal.Reason);
        }

        var file = answer.File!;
        context.Response.RegisterForDispose(file);
        HttpLog.Opened(logger, context.Connection.RemoteIpAddress, path, file.Source, file.DisplayName);
        var tag = file.Stamp is { } stamp ? new EntityTagHeaderValue(stamp.ETag) : null;
        return Results.Stream(file.OpenStream(), file.MediaType, lastModified: file.Stamp?.LastModified, entityTag: tag, enableRangeProcessing: true);
    }

    private static async Task<IResult> Script(HttpContext context, string client, BootPlanner planner, BootApi? api, PlanBootFiles? plan)
    {
        if (!PhysicalAddress.TryParse(client.Replace(':', '-'), out var mac) || mac.GetAddressBytes().Length != 6)
        {
            return NotFound(context, $"'{client}' is not a MAC address");
        }

        var server = LocalAddress(context);
        if (planner.Options.Quick is { } quick)
        {
            return Results.Text(IpxeScripts.Quick(quick, path => planner.HttpUrl(server, path)), "text/plain; charset=utf-8");
        }

        var architecture = ushort.TryParse(context.Request.Query["arch"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var arch)
            ? (Protocol.Dhcp.ClientArchitecture)arch
            : Protocol.Dhcp.ClientArchitecture.IntelX86Bios;
        if (api is not null && await api.AskAsync(mac, architecture, null, context.RequestAborted).ConfigureAwait(false) is { } answered)
        {
            return Results.Text(Boot.Render.IpxeRenderer.Render(answered), "text/plain; charset=utf-8");
        }

        if (plan is not null && plan.IpxeScript(mac, architecture, server, context.Connection.RemoteIpAddress) is { } planned)
        {
            return Results.Text(planned, "text/plain; charset=utf-8");
        }

        return Results.Text(IpxeScripts.NothingConfigured(BootPlanner.MacPath(mac), "this client runs iPXE and its boot file is iPXE itself"), "text/plain; charset=utf-8");
    }

    private static IPAddress LocalAddress(HttpContext context) =>
        context.Connection.LocalIpAddress is { } local && local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : context.Connection.LocalIpAddress ?? IPAddress.Loopback;

    private static IResult QuickFileResult(string path)
    {
        var info = new FileInfo(path);
        var tag = new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");
        return Results.File(path, "application/octet-stream", lastModified: info.LastWriteTimeUtc, entityTag: tag, enableRangeProcessing: true);
    }

    private static IResult NotFound(HttpContext context, string reason)
    {
        context.Items["reason"] = reason;
        return Results.NotFound();
    }
}
