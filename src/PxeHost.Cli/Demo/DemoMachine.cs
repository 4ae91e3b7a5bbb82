using System.Net.NetworkInformation;
using PxeHost.Lab;
using PxeHost.Storage;

namespace PxeHost.Cli.Demo;

/// <summary>One virtual machine of the demo: what it is, how it boots, and how far it got.</summary>
internal sealed class DemoMachine(string name, Firmware firmware, string path)
{
    public string Name { get; } = name;

    public Firmware Firmware { get; } = firmware;

    /// <summary>How this machine boots, in a few words.</summary>
    public string Path { get; } = path;

    public PhysicalAddress Mac { get; } = BootLab.NewMacAddress();

    public string MacText => MacAddressText.Format(Mac);

    public VirtualMachine? Vm { get; set; }

    public BootProgress Progress { get; set; } = BootProgress.Of([]);

    /// <summary>When its console printed the payload's line: it booted.</summary>
    public DateTimeOffset? Booted { get; set; }

    /// <summary>The marker line its console printed.</summary>
    public string? ConsoleLine { get; set; }

    /// <summary>Why it did not boot, once that is known.</summary>
    public string? Failure { get; set; }

    public bool Finished => Booted is not null || Failure is not null;
}
