namespace PxeHost.Protocol.Dhcp;

/// <summary>Suboption 10: seconds to wait (0 boots the first item, 255 waits for a key) and the text.</summary>
public sealed record PxeMenuPrompt(byte TimeoutSeconds, string Prompt);
