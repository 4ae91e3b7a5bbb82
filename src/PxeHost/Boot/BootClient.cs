using System.Globalization;
using System.Net.NetworkInformation;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Boot;

/// <summary>
/// A client as the boot planner sees it: who (MAC, UUID), what CPU and firmware, and at what stage.
/// Built from a DHCP request by <see cref="FromDhcp"/>.
/// </summary>
public sealed record BootClient(
    PhysicalAddress Mac,
    Guid? Uuid,
    ClientArchitecture Architecture,
    FirmwareStage Stage,
    string? VendorClass)
{
    public bool IsUefi => Architecture != ClientArchitecture.IntelX86Bios;

    /// <summary>What is asking, in words, for log lines: "BIOS PXE", "UEFI x64 PXE", "UEFI HTTP Boot x64", "iPXE on UEFI x64", "DHCP client".</summary>
    public string Words => Stage switch
    {
        FirmwareStage.Firmware => $"{Architecture.Words()} PXE",
        FirmwareStage.HttpBootFirmware => Architecture.Words() is var words && words.Contains("HTTP Boot", StringComparison.Ordinal) ? words : $"HTTP Boot {words}",
        FirmwareStage.Ipxe => $"iPXE on {Architecture.Words()}",
        _ => "DHCP client",
    };

    public static BootClient FromDhcp(DhcpMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var vendorClass = request.GetString(DhcpOptionCode.VendorClassIdentifier);
        var architecture = request.ClientArchitecture ?? ArchitectureFromVendorClass(vendorClass) ?? ClientArchitecture.IntelX86Bios;
        return new BootClient(
            request.ClientMacAddress ?? PhysicalAddress.None,
            ReadUuid(request.GetOption(DhcpOptionCode.ClientMachineId)),
            architecture,
            StageOf(request, vendorClass),
            vendorClass);
    }

    private static FirmwareStage StageOf(DhcpMessage request, string? vendorClass)
    {
        // iPXE sends user class "iPXE" (RFC 3004 framing: length-prefixed, or bare in older builds)
        // and its own encapsulated option 175; either marks it.
        if (request.HasOption(DhcpOptionCode.IpxeEncapsulated) || UserClassNamesIpxe(request.GetOption(DhcpOptionCode.UserClass)))
        {
            return FirmwareStage.Ipxe;
        }

        if (vendorClass?.StartsWith("HTTPClient", StringComparison.Ordinal) == true)
        {
            return FirmwareStage.HttpBootFirmware;
        }

        return vendorClass?.StartsWith("PXEClient", StringComparison.Ordinal) == true
            ? FirmwareStage.Firmware
            : FirmwareStage.NotBooting;
    }

    private static bool UserClassNamesIpxe(ReadOnlyMemory<byte>? value) =>
        value is { } bytes && System.Text.Encoding.ASCII.GetString(bytes.Span).Contains("iPXE", StringComparison.Ordinal);

    /// <summary>"PXEClient:Arch:00007:UNDI:003000" carries the architecture in decimal (PXE 2.1 §2.2).</summary>
    private static ClientArchitecture? ArchitectureFromVendorClass(string? vendorClass)
    {
        const string marker = ":Arch:";
        var at = vendorClass?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        if (at < 0 || vendorClass!.Length < at + marker.Length + 5)
        {
            return null;
        }

        return ushort.TryParse(vendorClass.AsSpan(at + marker.Length, 5), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? (ClientArchitecture)code
            : null;
    }

    /// <summary>
    /// Option 97 is a type byte (0) and a 16-byte GUID whose first three fields firmware sends
    /// little-endian, as SMBIOS stores them — the order <see cref="Guid(ReadOnlySpan{byte})"/> reads.
    /// </summary>
    private static Guid? ReadUuid(ReadOnlyMemory<byte>? value) =>
        value is { Length: 17 } bytes && bytes.Span[0] == 0 ? new Guid(bytes.Span[1..]) : null;
}
