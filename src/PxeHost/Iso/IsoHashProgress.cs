namespace PxeHost.Iso;

/// <summary>How far hashing an image has come: <paramref name="Done"/> of <paramref name="Total"/> bytes.</summary>
public readonly record struct IsoHashProgress(string Name, long Done, long Total);
