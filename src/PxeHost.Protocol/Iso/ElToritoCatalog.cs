using System.Buffers.Binary;
using System.Text;

namespace PxeHost.Protocol.Iso;

/// <summary>
/// Reads the El Torito boot catalog (El Torito 1.0 §2): the validation entry, the initial/default
/// entry, then section headers and their entries, skipping extension entries. A catalog that does not
/// validate is dropped with its reason instead of refusing the image: the files are still readable,
/// only the image's own boot images are not offered.
/// </summary>
internal static class ElToritoCatalog
{
    private const int EntryLength = 32;
    private const byte Bootable = 0x88;
    private const byte NotBootable = 0x00;
    private const byte MoreSections = 0x90;
    private const byte FinalSection = 0x91;
    private const byte Extension = 0x44;
    private const byte ExtensionFollows = 0x20;

    /// <summary>The catalog's entries, or none and the reason it was dropped.</summary>
    public static (IReadOnlyList<ElToritoBootEntry> Entries, string? Problem) Read(IIsoMedium medium, uint block, IsoLimits limits)
    {
        var position = (long)block * IsoVolume.BlockSize;
        var length = (int)Math.Min((long)limits.MaxBootCatalogEntries * EntryLength, Math.Max(0, medium.Length - position));
        if (length < 2 * EntryLength)
        {
            return ([], $"the boot catalog at block {block} lies past the end of the image");
        }

        var catalog = new byte[length];
        IsoVolume.ReadExactly(medium, position, catalog, "the boot catalog");
        if (Validate(catalog) is { } problem)
        {
            return ([], $"the boot catalog at block {block} {problem}");
        }

        var platform = (ElToritoPlatform)catalog[1];
        var entries = new List<ElToritoBootEntry>();
        if (Entry(catalog.AsSpan(EntryLength, EntryLength), platform, string.Empty) is not { } initial)
        {
            return ([], $"the boot catalog at block {block} has an initial entry with indicator 0x{catalog[EntryLength]:X2}");
        }

        entries.Add(initial);
        var sections = ReadSections(catalog.AsSpan(2 * EntryLength), entries);
        if (sections is not null)
        {
            return ([], $"the boot catalog at block {block} {sections}");
        }

        var outside = entries.FirstOrDefault(e => (long)e.LoadRba * IsoVolume.BlockSize >= medium.Length);
        return outside is null ? (entries, null) : ([], $"the boot catalog at block {block} names a boot image at block {outside.LoadRba}, past the end of the image");
    }

    /// <summary>Header id 1, the key bytes 0x55 0xAA, and the 16-bit words summing to zero (§2.1).</summary>
    private static string? Validate(ReadOnlySpan<byte> catalog)
    {
        if (catalog[0] != 1 || catalog[30] != 0x55 || catalog[31] != 0xAA)
        {
            return "has no validation entry (header id 1, key 55 AA)";
        }

        ushort sum = 0;
        for (var i = 0; i < EntryLength; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16LittleEndian(catalog[i..]);
        }

        return sum == 0 ? null : $"has a validation entry whose checksum does not sum to zero (0x{sum:X4})";
    }

    private static string? ReadSections(ReadOnlySpan<byte> rest, List<ElToritoBootEntry> entries)
    {
        while (rest.Length >= EntryLength && rest[0] is MoreSections or FinalSection)
        {
            var final = rest[0] == FinalSection;
            var platform = (ElToritoPlatform)rest[1];
            var count = BinaryPrimitives.ReadUInt16LittleEndian(rest[2..]);
            var id = Encoding.ASCII.GetString(rest[4..EntryLength].TrimEnd((byte)0)).TrimEnd(' ');
            rest = rest[EntryLength..];
            for (var i = 0; i < count; i++)
            {
                if (rest.Length < EntryLength)
                {
                    return $"has a section '{id}' of {count} entries running past {entries.Count} entries read";
                }

                var entry = Entry(rest[..EntryLength], platform, id);
                if (entry is null)
                {
                    return $"has a section entry with indicator 0x{rest[0]:X2}";
                }

                entries.Add(entry);
                var extended = (rest[1] & ExtensionFollows) != 0;
                rest = rest[EntryLength..];
                while (extended && rest.Length >= EntryLength && rest[0] == Extension)
                {
                    extended = (rest[1] & ExtensionFollows) != 0;
                    rest = rest[EntryLength..];
                }
            }

            if (final)
            {
                break;
            }
        }

        return null;
    }

    private static ElToritoBootEntry? Entry(ReadOnlySpan<byte> entry, ElToritoPlatform platform, string section) =>
        entry[0] is Bootable or NotBootable
            ? new ElToritoBootEntry(
                platform,
                entry[0] == Bootable,
                (ElToritoMediaType)(entry[1] & 0x0F),
                BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]),
                entry[4],
                BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]),
                BinaryPrimitives.ReadUInt32LittleEndian(entry[8..])) { Section = section }
            : null;
}
