namespace PxeHost.E2E.Tests.Support;

/// <summary>
/// An admin's TFTP root as seeds 000 and 003 keep it: the test kernel and initrd, a
/// pxelinux.cfg/default and an iPXE script, each naming its own marker word on the kernel command
/// line so the serial console proves which path booted. No bootloaders: PxeHost finds those on the system.
/// </summary>
public sealed class BootTree : IDisposable
{
    private BootTree(string root) => Root = root;

    public string Root { get; }

    public static async Task<BootTree> CreateAsync(string pxelinuxMarker, string ipxeMarker)
    {
        var payload = await TestPayload.GetAsync();
        var tree = new BootTree(ServedFolder.Create("pxehost-tree-"));
        File.Copy(payload.KernelPath, Path.Combine(tree.Root, "vmlinuz"));
        File.Copy(payload.InitrdPath, Path.Combine(tree.Root, "initrd.gz"));
        Directory.CreateDirectory(Path.Combine(tree.Root, "pxelinux.cfg"));
        await File.WriteAllTextAsync(Path.Combine(tree.Root, "pxelinux.cfg", "default"),
            $"serial 0 115200\ndefault linux\nprompt 0\ntimeout 0\nlabel linux\n  kernel vmlinuz\n  append initrd=initrd.gz console=ttyS0 {pxelinuxMarker}\n");

        // Relative names: iPXE resolves them against the script's own URL, whoever the DHCP server was.
        await File.WriteAllTextAsync(Path.Combine(tree.Root, "boot.ipxe"),
            $"#!ipxe\nkernel vmlinuz initrd=initrd.gz console=ttyS0 {ipxeMarker}\ninitrd initrd.gz\nboot\n");
        ServedFolder.OpenToAll(tree.Root);
        return tree;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
