namespace PxeHost.Iso.Entries;

/// <summary>
/// A piece of a <see cref="GrubWord"/>: literal text, or text whose $references expand; an expansion
/// outside double quotes is split into words at blanks, as a shell would.
/// </summary>
internal readonly record struct GrubWordPart(string Text, bool Expand, bool Quoted = false);
