namespace PxeHost.Boot.Loaders;

/// <summary>A file a loader fetches next to itself, served by <paramref name="Name"/> from where the system's package put it.</summary>
/// <param name="Name">The name clients ask for, relative to the TFTP root: <c>ldlinux.c32</c>, <c>efi64/ldlinux.e64</c>.</param>
/// <param name="Path">Where the Debian package installs it.</param>
/// <param name="Package">The Debian package that provides it.</param>
/// <param name="Purpose">What it is for, as <c>pxehost bootloaders</c> prints it.</param>
public sealed record PackagedFile(string Name, string Path, string Package, string Purpose);
