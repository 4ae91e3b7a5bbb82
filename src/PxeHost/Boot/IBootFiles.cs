using System.Net;

namespace PxeHost.Boot;

/// <summary>
/// Files the boot plan adds to what TFTP and HTTP serve, after the root and the system's
/// bootloaders: files profiles name by absolute path, and configurations rendered per client.
/// </summary>
public interface IBootFiles
{
    /// <summary>A real file the plan publishes at <paramref name="relativePath"/>, or null.</summary>
    string? Published(string relativePath);

    /// <summary>Content rendered for <paramref name="relativePath"/> (pxelinux.cfg/01-…, grub.cfg-01-…), or null.</summary>
    ReadOnlyMemory<byte>? Generate(string relativePath, IPAddress server, IPAddress? client);
}
