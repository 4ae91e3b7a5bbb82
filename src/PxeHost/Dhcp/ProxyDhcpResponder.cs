using System.Net;
using PxeHost.Boot;
using PxeHost.Boot.Policy;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Dhcp;

/// <summary>
/// proxyDHCP (PXE 2.1 §2.2.4): beside a network's own DHCP server, answer only PXE and HTTP Boot
/// clients, with boot information and never an address. DISCOVERs come on port 67; the client then
/// asks again on port 4011 (always, for iPXE and UEFI firmware that got no option 43), and that
/// REQUEST gets an ACK carrying the boot file.
/// </summary>
public sealed class ProxyDhcpResponder(IBootPolicy policy)
{
    public DhcpOutcome Respond(DhcpMessage request, IPAddress server, IPEndPoint source, bool bootServerPort)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        if (request.Opcode != DhcpOpcode.BootRequest || request.ClientMacAddress is null)
        {
            return DhcpOutcome.Silent("not an Ethernet BOOTREQUEST");
        }

        var client = BootClient.FromDhcp(request);
        if (client.Stage == FirmwareStage.NotBooting)
        {
            return DhcpOutcome.Ignore("not a PXE or HTTP Boot client (vendor class is not PXEClient/HTTPClient): left to the network's DHCP server");
        }

        var boot = (bootServerPort && RequestedItem(request) is { } item ? policy.ForMenuEntry(client, item.Type) : null)
            ?? policy.Decide(client, server);
        if (!boot.Boots)
        {
            return DhcpOutcome.Silent(boot.Reason) with { Boot = boot };
        }

        return (bootServerPort, request.MessageType) switch
        {
            (false, DhcpMessageType.Discover) => Answer(request, DhcpMessageType.Offer, client, boot, server, DhcpReplyRouting.Choose(request, DhcpMessageType.Offer)),
            (true, DhcpMessageType.Request or DhcpMessageType.Inform) => Answer(request, DhcpMessageType.Ack, client, boot, server, ToSource(request, source)),
            (false, var type) => DhcpOutcome.Ignore($"proxyDHCP answers only DISCOVER on port 67, not {type?.ToString() ?? "BOOTP"}"),
            (true, var type) => DhcpOutcome.Silent($"port 4011 answers only REQUEST, not {type?.ToString() ?? "BOOTP"}"),
        };
    }

    private static DhcpOutcome Answer(DhcpMessage request, DhcpMessageType type, BootClient client, BootDecision boot, IPAddress server, DhcpReplyDestination destination)
    {
        var options = new List<DhcpOption>(8)
        {
            DhcpOption.FromMessageType(type),
            DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, server),
        };
        if (boot.VendorClass is null)
        {
            // A proxy reply must say PXEClient, or the firmware takes it for a plain DHCP offer.
            options.Add(DhcpOption.FromString(DhcpOptionCode.VendorClassIdentifier, "PXEClient"));
        }

        DhcpReplyBuilder.EchoMachineId(request, options);
        if (boot.Menu is null && VendorOptionsFor(request, type, client) is { } vendor)
        {
            options.Add(PxeVendorOptionsCodec.ToOption(vendor));
        }

        var reply = DhcpReplyBuilder.Reply(request, options) with { ClientAddress = type == DhcpMessageType.Ack ? request.ClientAddress : IPAddress.Any };
        reply = DhcpReplyBuilder.WithBoot(reply, request, boot, server, options);
        DhcpReplyBuilder.EchoClientIdentifier(request, options);
        DhcpReplyBuilder.EchoRelayAgentInformation(request, options);
        var reason = type == DhcpMessageType.Offer ? "proxy offer: boot information only" : "port 4011: boot file";
        return new DhcpOutcome(reply, destination, [], DhcpReplyBuilder.FitFor(request, reply, options, reason)) { Boot = boot };
    }

    /// <summary>
    /// BIOS PXE and iPXE are told to boot the file in the offer (discovery control bit 3). UEFI
    /// firmware gets no option 43 in the offer: several UEFI PXE stacks ignore a proxy offer that
    /// skips boot-server discovery, while all of them then ask on port 4011. The 4011 ACK names the
    /// boot item the client asked for (or the default 0x8000 layer 0), which UEFI checks.
    /// </summary>
    private static PxeVendorOptions? VendorOptionsFor(DhcpMessage request, DhcpMessageType type, BootClient client)
    {
        if (client.Stage == FirmwareStage.HttpBootFirmware)
        {
            return null;
        }

        if (type == DhcpMessageType.Ack)
        {
            return new PxeVendorOptions { BootItem = RequestedItem(request) ?? new PxeBootItem(0x8000, 0) };
        }

        return client.IsUefi && client.Stage == FirmwareStage.Firmware
            ? null
            : new PxeVendorOptions { DiscoveryControl = PxeDiscoveryControl.UseBootFileFromOffer };
    }

    /// <summary>The boot item (type, layer) a client names in its port 4011 request (option 43, suboption 71).</summary>
    private static PxeBootItem? RequestedItem(DhcpMessage request) =>
        request.GetOption(DhcpOptionCode.VendorSpecific) is { } asked && PxeVendorOptionsCodec.TryParse(asked.Span, out var parsed, out _)
            ? parsed?.BootItem
            : null;

    /// <summary>Port 4011 replies go back where the request came from: the client already has its address.</summary>
    private static DhcpReplyDestination ToSource(DhcpMessage request, IPEndPoint source) =>
        !IPAddress.Any.Equals(request.GatewayAddress)
            ? DhcpReplyRouting.Choose(request, DhcpMessageType.Ack)
            : new DhcpReplyDestination(source, false, "port 4011: back to the requesting address");
}
