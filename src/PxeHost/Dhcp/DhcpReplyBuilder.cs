using System.Net;
using PxeHost.Boot;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Dhcp;

/// <summary>Builds replies that copy what RFC 2131 table 3 says to copy from the request.</summary>
internal static class DhcpReplyBuilder
{
    /// <summary>The file field holds 127 characters and a NUL; longer names (URLs) go in option 67 only.</summary>
    private const int MaxFileFieldLength = DhcpMessageCodec.BootFileNameLength - 1;

    public static DhcpMessage Reply(DhcpMessage request, List<DhcpOption> options) => new()
    {
        Opcode = DhcpOpcode.BootReply,
        HardwareType = request.HardwareType,
        ClientHardwareAddress = request.ClientHardwareAddress,
        TransactionId = request.TransactionId,
        Flags = request.Flags,
        GatewayAddress = request.GatewayAddress,
        Options = options,
    };

    /// <summary>
    /// Puts the boot file in the file field, and in option 67 as well when the client asked for it or
    /// the name does not fit; echoes the vendor class HTTP Boot firmware insists on.
    /// </summary>
    public static DhcpMessage WithBoot(DhcpMessage reply, DhcpMessage request, BootDecision? boot, IPAddress server, List<DhcpOption> options)
    {
        if (boot is null || !boot.Boots)
        {
            return reply;
        }

        if (boot.VendorClass is { } vendorClass)
        {
            options.Add(DhcpOption.FromString(DhcpOptionCode.VendorClassIdentifier, vendorClass));
        }

        if (boot.Menu is { } menu)
        {
            // PXE firmware shows the menu, then asks port 4011 of the listed boot server for the entry's file.
            options.Add(PxeVendorOptionsCodec.ToOption(menu.ToVendorOptions(server)));
            return reply with { ServerAddress = server };
        }

        var file = boot.BootFile!;

        var fits = file.Length <= MaxFileFieldLength;
        if (!fits || request.ParameterRequestList.Contains(DhcpOptionCode.BootfileName))
        {
            options.Add(DhcpOption.FromString(DhcpOptionCode.BootfileName, file));
        }

        return reply with { ServerAddress = server, BootFileName = fits ? file : string.Empty };
    }

    /// <summary>
    /// A relay's option 82 comes back whole in every reply (RFC 3046 §2.2: MUST), as the last option
    /// (SHOULD): the relay reads its circuit and remote id from it to deliver the reply, then strips it.
    /// </summary>
    public static void EchoRelayAgentInformation(DhcpMessage request, List<DhcpOption> options)
    {
        if (request.GetOption(DhcpOptionCode.RelayAgentInformation) is { } information)
        {
            options.RemoveAll(o => o.Code == DhcpOptionCode.RelayAgentInformation);
            options.Add(new DhcpOption(DhcpOptionCode.RelayAgentInformation, information));
        }
    }

    /// <summary>Drops what does not fit the client's message size (<see cref="DhcpReplySize"/>); the reason says what went.</summary>
    public static string FitFor(DhcpMessage request, DhcpMessage reply, List<DhcpOption> options, string reason)
    {
        var dropped = DhcpReplySize.Fit(request, reply, options);
        return dropped.Count == 0
            ? reason
            : $"{reason}; left out to fit the client's {DhcpReplySize.LimitFor(request)} bytes: options {string.Join(", ", dropped.Select(c => (byte)c))}";
    }

    /// <summary>
    /// The client identifier (option 61) comes back as the client sent it (RFC 6842 §3: MUST), so a client
    /// that shares its MAC with another (or a relay) can tell which replies are its own.
    /// </summary>
    public static void EchoClientIdentifier(DhcpMessage request, List<DhcpOption> options)
    {
        if (request.GetOption(DhcpOptionCode.ClientIdentifier) is { } identifier)
        {
            options.RemoveAll(o => o.Code == DhcpOptionCode.ClientIdentifier);
            options.Add(new DhcpOption(DhcpOptionCode.ClientIdentifier, identifier));
        }
    }

    /// <summary>PXE clients expect their machine identifier (option 97) echoed back (PXE 2.1 §2.4.1).</summary>
    public static void EchoMachineId(DhcpMessage request, List<DhcpOption> options)
    {
        if (request.GetOption(DhcpOptionCode.ClientMachineId) is { } uuid)
        {
            options.Add(new DhcpOption(DhcpOptionCode.ClientMachineId, uuid));
        }
    }
}
