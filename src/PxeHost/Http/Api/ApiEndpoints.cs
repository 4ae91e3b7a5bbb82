using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PxeHost.Events;

namespace PxeHost.Http.Api;

/// <summary>
/// The REST API under <c>/api/v1/</c> on the HTTP port, beside the boot tree (its literal routes win over
/// the tree's catch-all): reads for anyone who reaches the port, state changes (POST, PUT, DELETE) only
/// with the admin token. Its OpenAPI document is at <c>/openapi/v1.json</c>.
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";

    /// <summary>Paths of the API and its document: not steps of a machine's boot, so not published as boot events.</summary>
    public static bool Owns(PathString path) => path.StartsWithSegments(Prefix) || path.StartsWithSegments("/openapi");

    public static void MapApi(this WebApplication app, ApiServices api, AdminToken token)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(token);

        // After routing (the endpoint is known), before the endpoint reads anything of the request.
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<AdminTokenRequired>() is not null && !token.Accepts(context.Request.Headers.Authorization))
            {
                var reason = context.Request.Headers.Authorization.Count == 0 ? "no admin token (Authorization: Bearer)" : "not the admin token";
                ApiLog.Refused(api.Logger, ApiChanges.Who(context), context.Request.Method, LogText.Escape(context.Request.Path.ToString()), reason);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }

            await next(context).ConfigureAwait(false);
        });

        var v1 = app.MapGroup(Prefix).WithTags("pxehost");
        MapReads(v1, api);
        var admin = v1.MapGroup(string.Empty).WithMetadata(AdminTokenRequired.Instance);
        MapChanges(admin, api);
    }

    private static void MapReads(RouteGroupBuilder v1, ApiServices api)
    {
        v1.MapGet("/machines", () => ApiReads.Machines(api))
            .WithName("ListMachines").WithSummary("Machines seen booting, from their last boot: stage reached, last step, verdict (as pxehost machines).");
        v1.MapGet("/machines/{mac}/timeline", (string mac, long? boot) => ApiReads.Timeline(api, mac, boot))
            .WithName("GetTimeline").WithSummary("One boot of one machine step by step with its verdict (as pxehost timeline --json); ?boot=N picks a kept boot, else the last.");
        v1.MapGet("/leases", (CancellationToken cancellationToken) => ApiReads.Leases(api, cancellationToken))
            .WithName("ListLeases").WithSummary("Every lease on record (full DHCP mode), in address order.");
        v1.MapGet("/plan", () => ApiReads.Plan(api))
            .WithName("GetPlan").WithSummary("The boot plan as loaded (profiles, menus, machines, version), the assignments made here, and the last refused edit.");
        v1.MapGet("/transfers", () => ApiReads.Transfers(api))
            .WithName("ListTransfers").WithSummary("TFTP and HTTP transfers in progress: file, client, bytes so far, size.");
        v1.MapGet("/images", () => ApiReads.Images(api))
            .WithName("ListImages").WithSummary("The ISO images in force (as pxehost iso list): file, size, label, SHA-256, boot entries numbered as plans name them, problems, or why one is refused.");
        v1.MapGet("/events", (HttpContext context, string? mac) => ApiEventStream.Send(api, context, mac))
            .WithName("StreamEvents").WithSummary("Boot events as they happen, as server-sent events (one JSON object each); ?mac= keeps one machine's.")
            .Produces<BootEventView>(StatusCodes.Status200OK, "text/event-stream")
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
    }

    private static void MapChanges(RouteGroupBuilder admin, ApiServices api)
    {
        admin.MapPut("/machines/{mac}/profile", (HttpContext context, string mac, ProfileRequest body) => ApiChanges.Assign(api, context, mac, body, once: false))
            .WithName("AssignProfile").WithSummary("Give a machine a profile or menu of the plan, before what pxehost.yaml says for it; kept across restarts. Needs the admin token.")
            .Produces(StatusCodes.Status401Unauthorized);
        admin.MapDelete("/machines/{mac}/profile", (HttpContext context, string mac) => ApiChanges.Unassign(api, context, mac))
            .WithName("UnassignProfile").WithSummary("Take the assignment away: the machine boots what pxehost.yaml says. Needs the admin token.")
            .Produces(StatusCodes.Status401Unauthorized);
        admin.MapPost("/machines/{mac}/boot-once", (HttpContext context, string mac, ProfileRequest body) => ApiChanges.Assign(api, context, mac, body, once: true))
            .WithName("BootOnce").WithSummary("Boot a profile once (used up when the machine fetches its kernel), then the local disk. Needs the admin token.")
            .Produces(StatusCodes.Status401Unauthorized);
        admin.MapDelete("/leases/{address}", (HttpContext context, string address) => ApiChanges.Release(api, context, address))
            .WithName("ReleaseLease").WithSummary("Release a lease as if its client had sent DHCPRELEASE. Needs the admin token.")
            .Produces(StatusCodes.Status401Unauthorized);
    }
}
