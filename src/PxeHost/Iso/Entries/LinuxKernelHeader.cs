using System.Buffers.Binary;
using System.Text;

namespace PxeHost.Iso.Entries;

/// <summary>
/// What the first bytes of a kernel file say (Linux boot protocol, Documentation/arch/x86/boot.rst):
/// whether it carries the real-mode setup header ("HdrS" at 0x202) that PXELINUX and GRUB's
/// <c>linux</c> need, its version string, and whether a UEFI loader can start it (a PE/COFF "MZ"
/// stub, or an EFI handover entry from protocol 2.11 on).
/// </summary>
internal sealed record LinuxKernelHeader(ushort Protocol, string Version, bool EfiBootable)
{
    /// <summary>How much of the file <see cref="Parse"/> looks at.</summary>
    public const int HeadBytes = 4096;

    private const int SignatureOffset = 0x202;
    private const int ProtocolOffset = 0x206;
    private const int VersionPointerOffset = 0x20E;
    private const int LoadFlagsOffset = 0x236;
    private const int HandoverOffset = 0x264;
    private const ushort EfiHandoverFlags = 0x0C; // XLF_EFI_HANDOVER_32 | XLF_EFI_HANDOVER_64
    private const uint HdrS = 0x53726448;

    /// <summary>The header, or null when the bytes are not a Linux-protocol kernel.</summary>
    public static LinuxKernelHeader? Parse(ReadOnlySpan<byte> head)
    {
        if (head.Length < HandoverOffset + 4 || BinaryPrimitives.ReadUInt32LittleEndian(head[SignatureOffset..]) != HdrS)
        {
            return null;
        }

        var protocol = BinaryPrimitives.ReadUInt16LittleEndian(head[ProtocolOffset..]);
        var isPe = head[0] == (byte)'M' && head[1] == (byte)'Z';
        // From protocol 2.12 the xloadflags say which handover entries exist; 2.11 has only the offset.
        var handover = protocol >= 0x020C
            ? (BinaryPrimitives.ReadUInt16LittleEndian(head[LoadFlagsOffset..]) & EfiHandoverFlags) != 0
            : protocol >= 0x020B && BinaryPrimitives.ReadUInt32LittleEndian(head[HandoverOffset..]) != 0;
        return new LinuxKernelHeader(protocol, VersionString(head, protocol), isPe || handover);
    }

    // kernel_version (0x20E) points at a NUL-terminated string, 0x200 bytes before where it says.
    private static string VersionString(ReadOnlySpan<byte> head, ushort protocol)
    {
        var pointer = BinaryPrimitives.ReadUInt16LittleEndian(head[VersionPointerOffset..]);
        var start = pointer + 0x200;
        if (protocol < 0x0200 || pointer == 0 || start >= head.Length)
        {
            return string.Empty;
        }

        var text = head[start..];
        var end = text.IndexOf((byte)0);
        var length = Math.Min(end < 0 ? text.Length : end, 128);
        var version = Encoding.ASCII.GetString(text[..length]);
        return version.All(c => c >= ' ' && c < 0x7F) ? version.Trim() : string.Empty;
    }
}
