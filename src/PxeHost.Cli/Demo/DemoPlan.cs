using System.Globalization;
using PxeHost.Lab;

namespace PxeHost.Cli.Demo;

/// <summary>
/// The demo's pxehost.yaml: full DHCP on the lab bridge (a private namespace: no other network sees
/// it), one profile booting the payload, and each machine named by MAC — the BIOS one through PXELINUX
/// (its kernel over TFTP), the UEFI ones through iPXE (kernel and initrd over HTTP).
/// </summary>
internal static class DemoPlan
{
    public static string Yaml(BootLab lab, LabPayload payload, IReadOnlyList<DemoMachine> machines)
    {
        var lines = new List<string>
        {
            "# Written by pxehost demo: the plan its lab serves.",
            "interfaces: [br0]",
            "dhcp:",
            $"  ranges: [{lab.AddressAt(100)}-{lab.AddressAt(150)}]",
            "defaults:",
            "  boot: demo",
            "  serial: 0",
            "profiles:",
            "  demo:",
            "    title: PxeHost demo (Debian's kernel, a one-line initrd)",
            $"    kernel: {payload.KernelPath}",
            $"    initrd: {payload.InitrdPath}",
            "    cmdline: console=ttyS0 quiet pxehost-demo",
            "machines:",
        };
        foreach (var (machine, index) in machines.Select((m, i) => (m, i)))
        {
            lines.Add($"  - mac: {machine.MacText}");
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"    hostname: demo-{index + 1}"));
            if (machine.Firmware == Firmware.BiosIpxe)
            {
                lines.Add("    loader: pxelinux");
            }
        }

        return string.Join('\n', lines) + "\n";
    }
}
