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
    /// <summary>Where the server's metrics are scraped (Prometheus text): not a boot file, nor a step of any machine's boot.</summary>
    public const string MetricsPath = "/metrics";

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
        if (metrics is not null)
        {
            // Transfers of the boot tree only: a scrape or an API call is no file sent to a machine.
            app.Use((context, next) => IsScrape(context) || !IsBootTree(context) ? next(context) : CountAsync(context, next, metrics, time));
        }

        app.Use(async (context, next) =>
        {
            if (IsScrape(context))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var started = time.GetTimestamp();
            var client = context.Connection.RemoteIpAddress;
            var method = context.Request.Method;
            var path = context.Request.Path.ToString();

            // The API's own requests (a page polling, an event stream) and the page's are no step of any machine's boot.
            var boot = IsBootTree(context);
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

        // Whether the client went away while its answer was written, judged as soon as the endpoint returns:
        // later, after the log line and the events, a client that closed its connection once it had the whole
        // answer (curl does at once) would look like one that gave up half-way.
        app.Use(async (context, next) =>
        {
            await next(context).ConfigureAwait(false);
            context.Items[AbortedKey] = context.RequestAborted.IsCancellationRequested;
        });

        app.MapMethods("/boot/{client}.ipxe", ["GET", "HEAD"], (HttpContext context, string client) => Script(context, client, policy));
        app.MapMethods("/{**path}", ["GET", "HEAD"], (HttpContext context, string? path) => ServeFile(context, files, path ?? string.Empty, logger, events?.Clients));
    }

    /// <summary>A request for the boot tree (or a script), not for the API or the page: a step of a machine's boot, a transfer.</summary>
    private static bool IsBootTree(HttpContext context) =>
        !Api.ApiEndpoints.Owns(context.Request.Path) && !Ui.UiEndpoints.Owns(context.Request.Path);

    /// <summary>The item that says whether the client went away before its answer was written.</summary>
    private const string AbortedKey = "pxehost.aborted";

    /// <summary>
    /// A scrape comes every few seconds from a monitoring host: it is no machine's boot step (it would look like
    /// a boot file fetched if the scraper were a client PxeHost knows), nor an HTTP transfer of the boot tree.
    /// </summary>
    private static bool IsScrape(HttpContext context) => context.Request.Path.StartsWithSegments(MetricsPath, StringComparison.Ordinal);

    /// <summary>Counts the request as under way until it ends, then by outcome with its bytes; also one that threw, so the gauge comes back down.</summary>
    private static async Task CountAsync(HttpContext context, RequestDelegate next, PxeHostMetrics metrics, TimeProvider time)
    {
        var started = time.GetTimestamp();
        var method = context.Request.Method;
        metrics.HttpStarted(method);
        var failed = true;
        try
        {
            await next(context).ConfigureAwait(false);
            failed = false;
        }
        finally
        {
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var sent = HttpMethods.IsGet(method) && status is 200 or 206 ? context.Response.ContentLength : null;
            var aborted = context.Items.TryGetValue(AbortedKey, out var judged) ? judged is true : context.RequestAborted.IsCancellationRequested;
            metrics.HttpEnded(method, PxeHostMetrics.HttpOutcome(status, aborted), sent, time.GetElapsedTime(started));
        }
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
