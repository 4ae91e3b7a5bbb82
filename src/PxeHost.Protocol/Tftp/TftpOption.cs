namespace PxeHost.Protocol.Tftp;

/// <summary>One name/value pair of a request or OACK option list (RFC 2347).</summary>
public readonly record struct TftpOption(string Name, string Value);
