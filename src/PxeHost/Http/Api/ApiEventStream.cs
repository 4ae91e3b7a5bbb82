using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PxeHost.Events;
using PxeHost.Storage;
using PxeHost.Timeline;

namespace PxeHost.Http.Api;

/// <summary>
/// Boot events as server-sent events (text/event-stream): one <c>event:</c> line with the event's type
/// and one <c>data:</c> line with a <see cref="BootEventView"/> as JSON per event, from the moment of
/// the request on, of one machine when <c>?mac=</c> names it.
/// </summary>
internal static class ApiEventStream
{
    public static async Task Send(ApiServices api, HttpContext context, string? mac)
    {
        System.Net.NetworkInformation.PhysicalAddress? only = null;
        if (mac is not null)
        {
            if (!ApiReads.TryMac(mac, out var parsed))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsJsonAsync(new ApiError($"'{mac}' is not a MAC address (52:54:00:12:34:56)"), ApiJsonContext.Default.ApiError, cancellationToken: context.RequestAborted)
                    .ConfigureAwait(false);
                return;
            }

            only = parsed;
        }

        // Subscribed before the answer starts: a client that has the headers misses nothing published after.
        using var events = api.Events.Subscribe(e => only is null || only.Equals(e.Mac));
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(": boot events\n\n", context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await foreach (var boot in events.ReadAllAsync(context.RequestAborted).ConfigureAwait(false))
            {
                var view = View(boot);
                var json = JsonSerializer.Serialize(view, ApiJsonContext.Default.BootEventView);
                await context.Response.WriteAsync($"event: {view.Type}\ndata: {json}\n\n", Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: the normal end of an event stream.
        }
    }

    public static BootEventView View(BootEvent boot)
    {
        ArgumentNullException.ThrowIfNull(boot);
        var step = TimelineSteps.From(boot);
        return new BootEventView(
            boot.GetType().Name,
            boot.Time,
            boot.Mac is { } mac ? MacAddressText.Format(mac) : null,
            boot.ClientIp?.ToString(),
            step?.Kind.ToString(),
            step is null ? null : StepText.Asked(step),
            step is null ? null : StepText.Answered(step),
            step is null ? null : StepText.Why(step),
            step?.File,
            step?.Bytes,
            step?.Size);
    }
}
