using PxeHost.Boot.Loaders;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PxeHost.Boot;
using PxeHost.Boot.Policy;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;

namespace PxeHost.Hosting;

/// <summary>
/// What a client would get from a server composed from <see cref="PxeHostOptions"/>, without a client
/// and without sockets: the DHCP reply from the same responders and boot policy serve runs (a full
/// server's reservations and scope options included), then the configuration or script its loader reads.
/// </summary>
public sealed class BootExplainer : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly PxeHostOptions _options;

    public BootExplainer(PxeHostOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _services = new ServiceCollection().AddLogging().AddPxeHost(options).BuildServiceProvider();
        Policy = _services.GetRequiredService<IBootPolicy>();
    }

    public IBootPolicy Policy { get; }

    /// <summary>The answer to <paramref name="request"/> arriving at <paramref name="server"/>, as a fresh server would give it.</summary>
    public async Task<DhcpOutcome> ReplyAsync(DhcpMessage request, IPAddress server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = BootClient.FromDhcp(request);
        _services.GetRequiredService<SeenClients>().Record(client);
        await Policy.PrepareAsync(client, cancellationToken).ConfigureAwait(false);
        if (_options.Dhcp is { Mode: DhcpMode.Full } dhcp)
        {
            // The same allocation as serve's store, from no leases (a fresh server), kept nowhere.
            await using var leases = new MemoryLeaseStore(new LeaseAllocationOptions { Scopes = dhcp.Scopes, OfferHold = dhcp.OfferHold }, _services.GetRequiredService<TimeProvider>());
            var arrival = dhcp.Scopes.FirstOrDefault(s => s.Contains(server));
            return await new DhcpResponder(dhcp.Scopes, leases, Policy).RespondAsync(request, server, arrival, cancellationToken).ConfigureAwait(false);
        }

        return new ProxyDhcpResponder(Policy).Respond(request, server, new IPEndPoint(IPAddress.Any, 68), bootServerPort: false);
    }

    /// <summary>
    /// Follows the boot past DHCP: an iPXE binary asks DHCP again as iPXE, and then fetches its script;
    /// PXELINUX and GRUB read their per-client configuration. Null when nothing rendered here follows.
    /// </summary>
    public async Task<LoaderConfig?> FollowAsync(BootClient client, BootDecision? decision, IPAddress server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (decision?.BootFile is not { } file)
        {
            return null;
        }

        var urls = _services.GetRequiredService<BootUrls>();
        var macPath = BootUrls.MacPath(client.Mac);
        if (client.Stage != FirmwareStage.Ipxe && LoaderCatalog.IsIpxeBinary(file))
        {
            client = client with { Stage = FirmwareStage.Ipxe };
            file = Policy.Decide(client, server).BootFile ?? string.Empty;
        }

        if (client.Stage == FirmwareStage.Ipxe && file.StartsWith(urls.HttpUrl(server, "boot/"), StringComparison.Ordinal))
        {
            var script = await Policy.IpxeScriptAsync(client, server, null, cancellationToken).ConfigureAwait(false);
            return new LoaderConfig("Ipxe", $"boot/{macPath}.ipxe?arch={(ushort)client.Architecture}", script);
        }

        var name = Path.GetFileName(file);
        var (loader, path) = name switch
        {
            "pxelinux.0" or "lpxelinux.0" => ("Pxelinux", $"pxelinux.cfg/01-{macPath}"),
            "syslinux.efi" => ("Pxelinux", $"efi64/pxelinux.cfg/01-{macPath}"),
            "core.0" or "core.efi" => ("Grub", $"grub/grub.cfg-01-{macPath}"),
            _ => (null, null),
        };
        return loader is not null && Policy.Generate(path!, server, null) is { } rendered
            ? new LoaderConfig(loader, path!, Encoding.UTF8.GetString(rendered.Span))
            : null;
    }

    public void Dispose() => _services.Dispose();

    /// <summary>The DISCOVER such firmware sends (vendor class, option 93, iPXE's user class), as in the golden captures.</summary>
    public static DhcpMessage Discover(System.Net.NetworkInformation.PhysicalAddress mac, ClientArchitecture architecture, bool ipxe, IPAddress? relay)
    {
        ArgumentNullException.ThrowIfNull(mac);
        var http = architecture is ClientArchitecture.EfiX64Http or ClientArchitecture.EfiArm64Http;
        var vendor = string.Create(CultureInfo.InvariantCulture, $"{(http ? "HTTPClient" : "PXEClient")}:Arch:{(ushort)architecture:D5}:UNDI:003000");
        var options = new List<DhcpOption>
        {
            DhcpOption.FromMessageType(DhcpMessageType.Discover),
            DhcpOption.FromUInt16(DhcpOptionCode.ClientSystemArchitecture, (ushort)architecture),
            DhcpOption.FromString(DhcpOptionCode.VendorClassIdentifier, vendor),
        };
        if (ipxe)
        {
            options.Add(new DhcpOption(DhcpOptionCode.UserClass, "\u0004iPXE"u8.ToArray()));
        }

        return new DhcpMessage
        {
            ClientHardwareAddress = mac.GetAddressBytes(),
            TransactionId = 0x50584548,
            Flags = DhcpMessage.BroadcastFlag,
            GatewayAddress = relay ?? IPAddress.Any,
            Hops = relay is null ? (byte)0 : (byte)1,
            Options = options,
        };
    }

}

/// <summary>The configuration a loader reads next: which loader, the path it asks for, the text it gets.</summary>
public sealed record LoaderConfig(string Loader, string Path, string Text);
