namespace PxeHost.Iso.Entries;

/// <summary>A piece of a <see cref="GrubWord"/>: literal text, or text whose $references expand.</summary>
internal readonly record struct GrubWordPart(string Text, bool Expand);
