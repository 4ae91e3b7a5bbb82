namespace PxeHost.Boot;

/// <summary>A file a network boot may ask for by name, where it was found (null: missing) and which package provides it.</summary>
public sealed record Bootloader(string Name, string? Path, string Package, string Purpose)
{
    public bool Found => Path is not null;
}
