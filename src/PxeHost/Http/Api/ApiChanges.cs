using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using PxeHost.Events;

namespace PxeHost.Http.Api;

/// <summary>
/// The API's state changes, each logged with who asked (the client's address) and what was done or why
/// not. They run only once <see cref="AdminToken"/> has accepted the request.
/// </summary>
internal static class ApiChanges
{
    public static Results<Ok<AssignmentView>, BadRequest<ApiError>, Conflict<ApiError>> Assign(ApiServices api, HttpContext context, string mac, ProfileRequest body, bool once)
    {
        if (Refusal(api, mac, body?.Profile, once) is { } refusal)
        {
            return NotDone<Results<Ok<AssignmentView>, BadRequest<ApiError>, Conflict<ApiError>>>(api, context, refusal, (reason, status) => status == StatusCodes.Status409Conflict
                ? TypedResults.Conflict(reason)
                : TypedResults.BadRequest(reason));
        }

        ApiReads.TryMac(mac, out var address);
        var plans = api.Plans!;
        plans.Assignments!.Set(address, body!.Profile, once);
        var forgot = once && api.Once!.Forget(address);
        var assignment = plans.Assignments.Find(address)!;
        Done(api, context, once
            ? $"{assignment.Mac} boots '{assignment.Profile}' once, then the local disk{(forgot ? " (its earlier boot-once forgotten)" : string.Empty)}"
            : $"{assignment.Mac} boots '{assignment.Profile}'");
        return TypedResults.Ok(PlanViews.Assignment(assignment, api.Once));
    }

    public static Results<NoContent, NotFound<ApiError>, BadRequest<ApiError>> Unassign(ApiServices api, HttpContext context, string mac)
    {
        if (!ApiReads.TryMac(mac, out var address))
        {
            return NotDone(api, context, StatusCodes.Status400BadRequest, new ApiError($"'{mac}' is not a MAC address (52:54:00:12:34:56)"), (r, _) => TypedResults.BadRequest(r));
        }

        if (api.Plans?.Assignments?.Remove(address) != true)
        {
            return NotDone(api, context, StatusCodes.Status404NotFound, new ApiError($"{Storage.MacAddressText.Format(address)} has no profile assigned through the API"),
                (r, _) => TypedResults.NotFound(r));
        }

        Done(api, context, $"{Storage.MacAddressText.Format(address)} boots what pxehost.yaml says again");
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, NotFound<ApiError>, BadRequest<ApiError>>> Release(ApiServices api, HttpContext context, string address)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return NotDone(api, context, StatusCodes.Status400BadRequest, new ApiError($"'{address}' is not an IP address"), (r, _) => TypedResults.BadRequest(r));
        }

        var decision = api.Dhcp is { } dhcp
            ? await dhcp.ReleaseLeaseAsync(ip, context.RequestAborted).ConfigureAwait(false)
            : Storage.LeaseDecision.Refuse("this server hands out no addresses (no DHCP, or proxy mode)");
        if (decision.Address is null)
        {
            return NotDone(api, context, StatusCodes.Status404NotFound, new ApiError(decision.Reason), (r, _) => TypedResults.NotFound(r));
        }

        Done(api, context, $"lease on {ip} released ({string.Join(", ", decision.Changed.Select(l => Storage.MacAddressText.Format(l.Mac)))})");
        return TypedResults.NoContent();
    }

    /// <summary>Why an assignment cannot be made, with the status to answer; null when it can.</summary>
    private static (ApiError Reason, int Status)? Refusal(ApiServices api, string mac, string? profile, bool once)
    {
        if (!ApiReads.TryMac(mac, out _))
        {
            return (new ApiError($"'{mac}' is not a MAC address (52:54:00:12:34:56)"), StatusCodes.Status400BadRequest);
        }

        if (api.Plans is not { Assignments: not null } plans)
        {
            return (new ApiError("this server runs without a plan (serve --config FILE): it has no profiles to assign"), StatusCodes.Status400BadRequest);
        }

        var plan = plans.Loaded;
        if (string.IsNullOrEmpty(profile) || !(plan.Profiles.ContainsKey(profile) || plan.Menus.ContainsKey(profile)))
        {
            var known = string.Join(", ", plan.Profiles.Keys.Concat(plan.Menus.Keys).Order(StringComparer.Ordinal));
            return (new ApiError($"no profile or menu '{profile}' in the plan (it has: {(known.Length == 0 ? "none" : known)})"), StatusCodes.Status400BadRequest);
        }

        return once && api.Once is null
            ? (new ApiError("boot-once needs a data folder to record the boot in (serve --data-dir)"), StatusCodes.Status409Conflict)
            : null;
    }

    private static TResult NotDone<TResult>(ApiServices api, HttpContext context, int status, ApiError reason, Func<ApiError, int, TResult> result) =>
        NotDone(api, context, (reason, status), result);

    private static TResult NotDone<TResult>(ApiServices api, HttpContext context, (ApiError Reason, int Status) refusal, Func<ApiError, int, TResult> result)
    {
        ApiLog.NotDone(api.Logger, Who(context), context.Request.Method, LogText.Escape(context.Request.Path.ToString()), refusal.Status, refusal.Reason.Reason);
        return result(refusal.Reason, refusal.Status);
    }

    private static void Done(ApiServices api, HttpContext context, string what) =>
        ApiLog.Changed(api.Logger, Who(context), context.Request.Method, LogText.Escape(context.Request.Path.ToString()), what);

    public static string Who(HttpContext context) => context.Connection.RemoteIpAddress is { } ip
        ? new IPEndPoint(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip, context.Connection.RemotePort).ToString()
        : "-";
}
