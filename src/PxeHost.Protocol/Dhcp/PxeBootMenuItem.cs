namespace PxeHost.Protocol.Dhcp;

/// <summary>One entry of suboption 9: the boot server type chosen by this menu line, and its text.</summary>
public sealed record PxeBootMenuItem(ushort Type, string Description);
