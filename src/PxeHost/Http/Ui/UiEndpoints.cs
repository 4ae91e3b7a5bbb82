using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PxeHost.Http.Api;
using PxeHost.Iso;
using PxeHost.Storage;
using PxeHost.Timeline;

namespace PxeHost.Http.Ui;

/// <summary>
/// The web page under <c>/ui/</c> on the HTTP port: server-rendered HTML made from the API's own reads
/// (so it reads without JavaScript), a stylesheet and a script from the assembly's resources. Only these
/// literal paths are the page's; every other path, <c>ui/…</c> files of the boot tree included, stays the tree's.
/// </summary>
public static class UiEndpoints
{
    public const string Prefix = "/ui";

    /// <summary>Scripts, styles, requests and event streams only from this server; no inline script or style runs.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] Pages = ["/", "/ui", "/ui/", "/ui/leases", "/ui/plan", "/ui/images", "/ui/page.css", "/ui/page.js", "/ui/icon.svg"];

    /// <summary>Paths of the page: not steps of a machine's boot, so not published as boot events.</summary>
    public static bool Owns(PathString path) =>
        Pages.Contains(path.Value, StringComparer.Ordinal) || path.StartsWithSegments(Prefix + "/machines", StringComparison.Ordinal);

    public static void MapUi(this WebApplication app, ApiServices api)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        // "/" is no file of the tree (it names a folder): a person who types the server's address lands on the page.
        app.MapGet("/", () => TypedResults.Redirect(Prefix + "/")).ExcludeFromDescription();
        var ui = app.MapGroup(Prefix).ExcludeFromDescription();
        ui.AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-cache";
            return await next(context).ConfigureAwait(false);
        });

        // "/ui" and "/ui/" both: routing takes a trailing slash as the same path.
        ui.MapGet("/", () => Page(MachinesPage.Render(ApiReads.Machines(api).Value ?? [], api.Transfers?.Current ?? [])));
        ui.MapGet("/machines/{mac}", (string mac, long? boot) => Machine(api, mac, boot));
        ui.MapGet("/leases", async (CancellationToken cancellationToken) =>
            Page(LeasesPage.Render((await ApiReads.Leases(api, cancellationToken).ConfigureAwait(false)).Value ?? [])));
        ui.MapGet("/plan", () => Page(PlanPage.Render(ApiReads.Plan(api).Value!)));
        ui.MapGet("/images", () => Page(ImagesPage.Render(ApiReads.Images(api).Value ?? [], ImageFolder(api))));
        ui.MapGet("/page.css", () => UiAssets.Result("page.css", "text/css; charset=utf-8"));
        ui.MapGet("/page.js", () => UiAssets.Result("page.js", "text/javascript; charset=utf-8"));
        ui.MapGet("/icon.svg", () => UiAssets.Result("icon.svg", "image/svg+xml"));
    }

    private static ContentHttpResult Machine(ApiServices api, string mac, long? boot)
    {
        if (!ApiReads.TryMac(mac, out var address))
        {
            return Page(UiLayout.Page("Not a machine", "none", null, html => html.Append("<p>'").Append(Html.Encode(mac))
                .Append("' is not a MAC address (52:54:00:12:34:56).</p>\n")), StatusCodes.Status404NotFound);
        }

        var text = MacAddressText.Format(address);
        (BootReport? Report, string? Missing) timeline = ApiReads.Timeline(api, text, boot).Result switch
        {
            Ok<BootReport> ok => (ok.Value, null),
            NotFound<ApiError> notFound => (null, notFound.Value?.Reason),
            var other => (null, other.ToString()),
        };
        var transfers = (api.Transfers?.Current ?? []).Where(t => t.Mac == text).ToList();
        return Page(MachinePage.Render(text, timeline.Report, timeline.Missing, transfers, ApiReads.Plan(api).Value!));
    }

    /// <summary>Where images are dropped: the library's folder, or DATA-DIR/isos when the server has a data folder but no library.</summary>
    private static string? ImageFolder(ApiServices api) =>
        api.Images?.Library.Folder ?? (api.DataDirectory is { } data ? Path.Combine(data, IsoLibrary.FolderName) : null);

    private static ContentHttpResult Page(string html, int status = StatusCodes.Status200OK) => TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
}
