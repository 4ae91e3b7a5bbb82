namespace PxeHost.Hosting;

/// <summary>A boot file DHCP answers name that nothing serves: the package that provides it (null: none known) and the clients told to fetch it.</summary>
public sealed record MissingBootFile(string File, string? Package, string Clients);
