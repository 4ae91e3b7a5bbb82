using System.Net;
using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using PxeHost.Boot;
using PxeHost.Events;
using PxeHost.Tftp;

namespace PxeHost.Http;

/// <summary>
/// The HTTP side of a boot: per-client iPXE scripts at <c>/boot/{mac}.ipxe</c>, quick mode's kernel
/// and initrds, and every file the TFTP side serves at the same path — with HEAD, Range and ETag,
/// confined to the root by the same rules as TFTP.
/// </summary>
public static class HttpBootEndpoints
{
    public static void MapBootEndpoints(this WebApplication app, HttpBootOptions options, BootPlanner planner, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(planner);
        var root = new TftpRoot(options.Root, options.CaseInsensitive, options.ExtraFiles, options.BootFiles);
        app.Lifetime.ApplicationStarted.Register(() => HttpLog.Listening(logger, string.Join(", ", app.Urls)));
        var events = app.Services.GetService<BootEventStream>();
        var metrics = app.Services.GetService<PxeHostMetrics>();
        var time = app.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        app.Use(async (context, next) =>
        {
            var started = time.GetTimestamp();
            var client = context.Connection.RemoteIpAddress;
            var method = context.Request.Method;
            var path = context.Request.Path.ToString();
            events?.Publish(new HttpRequestStarted { ClientIp = client, Method = method, Path = path });
            await next(context).ConfigureAwait(false);
            var duration = time.GetElapsedTime(started);
            var why = context.Items.TryGetValue("reason", out var reason) ? reason?.ToString() ?? string.Empty : string.Empty;
            HttpLog.Served(logger, client, method, path, context.Response.StatusCode, context.Response.ContentLength,
                (long)duration.TotalMilliseconds, why.Length > 0 ? $": {why}" : string.Empty);
            metrics?.HttpAnswered(method, context.Response.StatusCode);
            events?.Publish(new HttpRequestEnded
            {
                ClientIp = client,
                Method = method,
                Path = path,
                Status = context.Response.StatusCode,
                Bytes = context.Response.ContentLength,
                Duration = duration,
                Reason = why,
            });
        });

        var api = planner.Options.ApiUrl is { } apiUrl
            ? new BootApi(apiUrl, options.ApiTimeout, new HttpClient(), logger)
            : null;
        app.MapMethods("/boot/{client}.ipxe", ["GET", "HEAD"], (HttpContext context, string client) => Script(context, client, planner, api, options.BootFiles));
        if (planner.Options.Quick is { } quick)
        {
            var files = new[] { quick.Kernel }.Concat(quick.Initrds).ToArray();
            app.MapMethods("/quick/{index:int}/{name}", ["GET", "HEAD"], (HttpContext context, int index, string name) =>
                index >= 0 && index < files.Length && Path.GetFileName(files[index]) == name
                    ? FileResult(files[index])
                    : NotFound(context, "not one of quick mode's files"));
        }

        app.MapMethods("/{**path}", ["GET", "HEAD"], (HttpContext context, string? path) =>
        {
            var resolution = root.Resolve(path ?? string.Empty, LocalAddress(context), context.Connection.RemoteIpAddress);
            if (!resolution.IsResolved)
            {
                return NotFound(context, resolution.Reason);
            }

            return resolution.Content is { } rendered
                ? Results.Bytes(rendered, "text/plain; charset=utf-8")
                : FileResult(resolution.FullPath!);
        });
    }

    private static async Task<IResult> Script(HttpContext context, string client, BootPlanner planner, BootApi? api, IBootFiles? bootFiles)
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

        if (bootFiles is Boot.Plan.PlanBootFiles files && files.IpxeScript(mac, architecture, server, context.Connection.RemoteIpAddress) is { } planned)
        {
            return Results.Text(planned, "text/plain; charset=utf-8");
        }

        return Results.Text(IpxeScripts.NothingConfigured(BootPlanner.MacPath(mac), "this client runs iPXE and its boot file is iPXE itself"), "text/plain; charset=utf-8");
    }

    private static IPAddress LocalAddress(HttpContext context) =>
        context.Connection.LocalIpAddress is { } local && local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : context.Connection.LocalIpAddress ?? IPAddress.Loopback;

    private static IResult FileResult(string path)
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
