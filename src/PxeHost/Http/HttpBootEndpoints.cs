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
using PxeHost.Files;

namespace PxeHost.Http;

/// <summary>
/// The HTTP side of a boot: per-client iPXE scripts at <c>/boot/{mac}.ipxe</c> from the boot policy,
/// and every file the TFTP side serves at the same path, from the same <see cref="FileChain"/> — with
/// HEAD, Range and ETag. A name the chain refuses is a 404 whatever the reason (the reason goes to the
/// log, not to the client).
/// </summary>
public static class HttpBootEndpoints
{
    /// <param name="app">The web application to map the routes on.</param>
    /// <param name="options">Where it listens.</param>
    /// <param name="files">The files served at <c>/{path}</c>, the chain TFTP serves too.</param>
    /// <param name="policy">The boot policy, for the per-client iPXE script.</param>
    /// <param name="logger">Where requests are logged (event ids 4xxx).</param>
    public static void MapBootEndpoints(this WebApplication app, HttpBootOptions options, FileChain files, IBootPolicy policy, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(policy);
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

            // The API's own requests (a page polling, an event stream) and the page's are no step of any machine's boot.
            var boot = !Api.ApiEndpoints.Owns(context.Request.Path) && !Ui.UiEndpoints.Owns(context.Request.Path);
            if (boot)
            {
                events?.Publish(new HttpRequestStarted { ClientIp = client, Method = method, Path = path });
            }

            await next(context).ConfigureAwait(false);
            var duration = time.GetElapsedTime(started);
            var why = context.Items.TryGetValue("reason", out var reason) ? reason?.ToString() ?? string.Empty : string.Empty;
            HttpLog.Served(logger, ClientLabel.Of(client, events?.Clients), LogText.Escape(method), LogText.Escape(path), context.Response.StatusCode, context.Response.ContentLength,
                (long)duration.TotalMilliseconds, why.Length > 0 ? $": {why}" : string.Empty);
            metrics?.HttpAnswered(method, context.Response.StatusCode);
            if (!boot)
            {
                return;
            }

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
        app.MapMethods("/{**path}", ["GET", "HEAD"], (HttpContext context, string? path) => ServeFile(context, files, path ?? string.Empty, logger, events?.Clients));
    }

    private static IResult ServeFile(HttpContext context, FileChain files, string path, ILogger logger, ClientDirectory? clients)
    {
        var purpose = HttpMethods.IsHead(context.Request.Method) ? FilePurpose.Probe : FilePurpose.Fetch;
        var answer = files.Open(path, new FileRequest(LocalAddress(context), context.Connection.RemoteIpAddress, purpose));
        if (answer.Refusal is { } refusal)
        {
            return NotFound(context, refusal.Reason);
        }

        var file = answer.File!;
        context.Response.RegisterForDispose(file);
        HttpLog.Opened(logger, ClientLabel.Of(context.Connection.RemoteIpAddress, clients), LogText.Escape(path), file.Source, file.DisplayName);
        var tag = file.Stamp is { } stamp ? new EntityTagHeaderValue(stamp.ETag) : null;
        return Results.Stream(file.OpenStream(), file.MediaType, lastModified: file.Stamp?.LastModified, entityTag: tag, enableRangeProcessing: true);
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

    private static IResult NotFound(HttpContext context, string reason)
    {
        context.Items["reason"] = reason;
        return Results.NotFound();
    }
}
