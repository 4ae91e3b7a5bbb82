namespace PxeHost.Protocol.Dhcp;

/// <summary>Suboption 71: the boot server type and layer a client asks for, or a server answers.</summary>
public sealed record PxeBootItem(ushort Type, ushort Layer);
