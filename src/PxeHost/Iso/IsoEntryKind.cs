namespace PxeHost.Iso;

/// <summary>How an <see cref="IsoBootEntry"/> is booted.</summary>
public enum IsoEntryKind
{
    /// <summary>A Linux (or Linux-protocol, like memtest86+ 6) kernel with initrds and a command line.</summary>
    Linux,

    /// <summary>The whole image, loaded by memdisk (BIOS) or iPXE sanboot over HTTP.</summary>
    WholeImage,
}
