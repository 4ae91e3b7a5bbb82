using System.Globalization;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PxeHost.Boot.Plan;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Boot;

/// <summary>
/// Boot decisions from outside (pixiecore's API mode): <c>GET {base}/v1/boot/{mac}?arch=N[&amp;uuid=U]</c>
/// answers JSON <c>{"kernel": URL, "initrd": [URL…], "cmdline": "…"}</c> for that machine. Asked when
/// the machine's iPXE fetches its script, never on the DHCP path. A timeout, an error or a 404 falls
/// back to the configured plan, and is logged.
/// </summary>
public sealed partial class BootApi(Uri baseUri, TimeSpan timeout, HttpClient http, ILogger logger)
{
    public Uri BaseUri { get; } = baseUri;

    /// <summary>The machine's plan from the API as a one-entry iPXE plan, or null (fall back) with the reason logged.</summary>
    public async Task<ClientPlan?> AskAsync(PhysicalAddress mac, ClientArchitecture architecture, Guid? uuid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mac);
        var macText = Storage.MacAddressText.Format(mac);
        var uri = new Uri(BaseUri, string.Create(CultureInfo.InvariantCulture,
            $"v1/boot/{macText}?arch={(ushort)architecture}{(uuid is { } u ? $"&uuid={u}" : string.Empty)}"));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(uri, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                FellBack(logger, macText, uri, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            var answer = await response.Content.ReadFromJsonAsync(BootApiJson.Default.BootApiAnswer, deadline.Token).ConfigureAwait(false);

            // A malformed answer falls back like a 404: the plan boots the machine, and the log says why.
            if ((answer is null ? "the answer is empty (null)" : answer.Problem()) is { } problem)
            {
                FellBack(logger, macText, uri, problem);
                return null;
            }

            var kernel = answer!.Kernel!;
            Answered(logger, macText, uri, kernel);
            var initrds = answer.Initrd ?? [];
            var entry = new ResolvedEntry("api", $"{macText} (from {BaseUri.Host})", ProfileKind.Linux)
            {
                Kernel = kernel,
                Initrds = initrds,
                InitrdNames = initrds.Select(i => Path.GetFileName(new Uri(i).AbsolutePath)).ToList(),
                CommandLine = answer.Cmdline ?? string.Empty,
            };
            return new ClientPlan { Loader = BootLoader.Ipxe, Title = entry.Title, Entries = [entry], DefaultEntry = entry.Id, Timeout = TimeSpan.Zero, IsUefi = architecture != ClientArchitecture.IntelX86Bios };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            FellBack(logger, macText, uri, $"no answer within {timeout.TotalMilliseconds} ms");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException or UriFormatException)
        {
            FellBack(logger, macText, uri, e.Message);
        }

        return null;
    }

    [LoggerMessage(LogEventIds.Boot.BootApiAnswered, LogLevel.Information, "boot api: {Mac} from {Uri}: kernel {Kernel}")]
    private static partial void Answered(ILogger logger, string mac, Uri uri, string kernel);

    [LoggerMessage(LogEventIds.Boot.BootApiFellBack, LogLevel.Warning, "boot api: {Mac} from {Uri}: {Reason}; using the configured plan")]
    private static partial void FellBack(ILogger logger, string mac, Uri uri, string reason);
}
