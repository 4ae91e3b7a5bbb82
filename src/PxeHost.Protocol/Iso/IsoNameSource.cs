namespace PxeHost.Protocol.Iso;

/// <summary>Which names the tree uses: Rock Ridge when present, else Joliet, else ISO 9660's own.</summary>
public enum IsoNameSource
{
    Iso9660,
    Joliet,
    RockRidge,
}
