using PxeHost.Doctor;

namespace PxeHost.Tests.Doctor;

/// <summary>
/// A hand-written pxelinux.cfg file booting a kernel named *.bin with KERNEL: PXELINUX would load it
/// as a boot sector. doctor warns with the line; KERNEL of a module (.c32) or LINUX of anything is fine.
/// </summary>
public sealed class PxelinuxKernelNamesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pxehost-doctor-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Kernel_of_a_bin_file_warns_with_the_file_line_and_the_fix()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "pxelinux.cfg")).FullName;
        File.WriteAllText(Path.Combine(folder, "default"), "UI menu.c32\nLABEL memtest\n  kernel memtest86+.bin\nLABEL linux\n  LINUX vmlinuz.bin\n  KERNEL menu.c32\n");

        var finding = Assert.Single(PxelinuxKernelNames.Check(_root));

        Assert.Equal(DoctorSeverity.Warns, finding.Severity);
        Assert.Equal($"{Path.Combine(folder, "default")}:3: KERNEL memtest86+.bin: PXELINUX loads a .bin file as a boot sector, not as a Linux kernel", finding.What);
        Assert.Equal("if it is a Linux kernel or memtest86+, write LINUX memtest86+.bin instead of KERNEL (or rename it without .bin)", finding.Fix);
    }

    [Fact]
    public void A_root_without_pxelinux_cfg_has_nothing_to_say()
    {
        Assert.Empty(PxelinuxKernelNames.Check(_root));
        Assert.Empty(PxelinuxKernelNames.Check(null));
    }
}
