using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using PxeHost.Boot;
using PxeHost.Boot.Policy;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tftp;

namespace PxeHost.Http;

/// <summary>
/// The HTTP side of a boot: per-client iPXE scripts at <c>/boot/{mac}.ipxe</c> from the boot policy,
/// and every file the TFTP side serves at the same path — with HEAD, Range and ETag,
/// confined to the root by the same rules as TFTP.
/// </summary>
public static class HttpBootEndpoints
{
    public static void MapBootEndpoints(this WebApplication app, HttpBootOptions options, IBootPolicy policy, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
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

        app.MapMethods("/boot/{client}.ipxe", ["GET", "HEAD"], (HttpContext context, string client) => Script(context, client, policy));
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

    private static async Task<IResult> Script(HttpContext context, string client, IBootPolicy policy)
    {
        if (!PhysicalAddress.TryParse(client.Replace(':', '-'), out var mac) || mac.GetAddressBytes().Length != 6)
        {
            return NotFound(context, $"'{client}' is not a MAC address");
        }

        // The script URL carries the architecture the client named in DHCP: the plan needs it (memtest, local boot differ on UEFI).
        var architecture = ushort.TryParse(context.Request.Query["arch"], NumberStyles.None, CultureInfo.InvariantCulture, out var arch)
            ? (ClientArchitecture)arch
            : ClientArchitecture.IntelX86Bios;
        var bootClient = new BootClient(mac, null, architecture, FirmwareStage.Ipxe, null);
        var script = await policy.IpxeScriptAsync(bootClient, LocalAddress(context), context.Connection.RemoteIpAddress, context.RequestAborted).ConfigureAwait(false);
        return Results.Text(script, "text/plain; charset=utf-8");
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
