using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Boot.Plan;

namespace PxeHost.Configuration;

/// <summary>One known machine (or a member of a group): how it is recognised and what it boots.</summary>
public sealed record MachineEntry
{
    public PhysicalAddress? Mac { get; init; }

    /// <summary>SMBIOS UUID, as the client sends it in option 97.</summary>
    public Guid? Uuid { get; init; }

    public string? Hostname { get; init; }

    /// <summary>A fixed address (a DHCP reservation in full mode).</summary>
    public IPAddress? Address { get; init; }

    /// <summary>A profile or menu name; null: the default.</summary>
    public string? Boot { get; init; }

    public BootLoader? Loader { get; init; }

    /// <summary>Boot the plan once, then the local disk (say, an installer).</summary>
    public bool Once { get; init; }

    /// <summary>The group the machine came from, for the log.</summary>
    public string? Group { get; init; }

    public int Line { get; init; }
}
