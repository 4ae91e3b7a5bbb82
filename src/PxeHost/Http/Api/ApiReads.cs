using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using PxeHost.Storage;
using PxeHost.Timeline;

namespace PxeHost.Http.Api;

/// <summary>The API's reads: what <c>pxehost machines</c>, <c>timeline</c> and <c>leases</c> print, the plan, the transfers, the images.</summary>
internal static class ApiReads
{
    public static Ok<List<MachineRow>> Machines(ApiServices api)
    {
        var database = TimelineFile(api);
        var boots = database is null ? [] : TimelineDatabase.ReadLastBoots(database);
        return TypedResults.Ok(boots.Select(b => TimelineReport.Row(MachineSummary.Of(b))).ToList());
    }

    public static Results<Ok<BootReport>, NotFound<ApiError>, BadRequest<ApiError>> Timeline(ApiServices api, string mac, long? boot)
    {
        if (!TryMac(mac, out var address))
        {
            return TypedResults.BadRequest(new ApiError($"'{mac}' is not a MAC address (52:54:00:12:34:56)"));
        }

        var text = MacAddressText.Format(address);
        var database = TimelineFile(api);
        var boots = database is null ? [] : TimelineDatabase.ReadBoots(database, text);
        var found = boot is { } number ? boots.FirstOrDefault(b => b.Number == number) : boots.Count == 0 ? null : boots[^1];
        if (found is null)
        {
            var kept = boots.Count == 0 ? "no boot of it is recorded" : $"the boots kept are {string.Join(", ", boots.Select(b => b.Number))}";
            return TypedResults.NotFound(new ApiError($"{text}{(boot is { } w ? $" boot {w}" : string.Empty)}: {kept}"));
        }

        return TypedResults.Ok(TimelineReport.Report(found, boots.Select(b => b.Number)));
    }

    public static async Task<Ok<List<LeaseRow>>> Leases(ApiServices api, CancellationToken cancellationToken)
    {
        var leases = api.Dhcp is { } dhcp ? await dhcp.ListLeasesAsync(cancellationToken).ConfigureAwait(false) : [];
        return TypedResults.Ok(LeaseRow.Ordered(leases));
    }

    public static Ok<PlanView> Plan(ApiServices api) => TypedResults.Ok(PlanViews.Of(api.Plans, api.Once));

    public static Ok<List<ImageView>> Images(ApiServices api) => TypedResults.Ok(ImageViews.Of(api.Images));

    public static Ok<List<TransferView>> Transfers(ApiServices api) => TypedResults.Ok(api.Transfers?.Current.ToList() ?? []);

    /// <summary>A MAC as people write it: 52:54:00:12:34:56 or 52-54-00-12-34-56.</summary>
    public static bool TryMac(string text, out PhysicalAddress mac)
    {
        mac = PhysicalAddress.None;
        if (!PhysicalAddress.TryParse(text.Replace(':', '-'), out var parsed) || parsed is null || parsed.GetAddressBytes().Length != 6)
        {
            return false;
        }

        mac = parsed;
        return true;
    }

    /// <summary>timeline.db when the server keeps one and it exists (it is made when the first boot step is recorded).</summary>
    private static string? TimelineFile(ApiServices api) =>
        api.DataDirectory is { } data && Path.Combine(data, TimelineDatabase.FileName) is var file && File.Exists(file) ? file : null;
}
