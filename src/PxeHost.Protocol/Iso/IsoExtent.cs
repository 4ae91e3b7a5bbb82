namespace PxeHost.Protocol.Iso;

/// <summary>A contiguous run of a file's bytes in the image: where it starts (bytes) and how long it is.</summary>
public readonly record struct IsoExtent(long Offset, long Length);
