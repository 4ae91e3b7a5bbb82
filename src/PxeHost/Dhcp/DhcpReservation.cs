using System.Net;
using System.Net.NetworkInformation;

namespace PxeHost.Dhcp;

/// <summary>A fixed address (and optionally a host name) for one MAC address.</summary>
public sealed record DhcpReservation(PhysicalAddress Mac, IPAddress Address, string? Hostname = null);
