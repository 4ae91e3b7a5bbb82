using System.Buffers.Binary;
using System.Text;

namespace PxeHost.Protocol.Iso;

/// <summary>
/// Reads the System Use Sharing Protocol entries (SUSP 1.12) of directory records and the Rock Ridge
/// entries among them (RRIP 1.12): NM, SL, PX, CL, RE, following CE continuation areas within the
/// limits. One reader serves one walk: it counts the continuation bytes the whole walk reads, which
/// may not exceed the image's length (real images give each record its own area; a crafted one could
/// point every record at the same large area).
/// </summary>
internal sealed class SystemUseReader(IIsoMedium medium, IsoLimits limits, int skip)
{
    private const byte Continue = 0x01;
    private const byte Current = 0x02;
    private const byte Parent = 0x04;
    private const byte Root = 0x08;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private long _continuationBytes;

    /// <summary>
    /// The SUSP "SP" entry that starts the root's "." system use area (SUSP §5.3): its presence says the
    /// image uses SUSP (and so Rock Ridge), and its last byte how many bytes to skip in every other area.
    /// </summary>
    public static int? SharingProtocolSkip(ReadOnlySpan<byte> area) =>
        area.Length >= 7 && area[0] == (byte)'S' && area[1] == (byte)'P' && area[2] >= 7 && area[4] == 0xBE && area[5] == 0xEF
            ? area[6]
            : null;

    public RockRidgeFields Read(ReadOnlySpan<byte> recordArea, long position)
    {
        var state = new Entries();
        var area = recordArea.Length > skip ? recordArea[skip..].ToArray() : [];
        var areaPosition = position + skip;
        var visited = new HashSet<long>();
        long total = area.Length;
        for (var areas = 0; area.Length > 0; areas++)
        {
            var next = ReadArea(area, areaPosition, state);
            if (next is not { } continuation)
            {
                break;
            }

            if (areas >= limits.MaxContinuationAreas)
            {
                throw new IsoFormatException($"a record's Rock Ridge continuation areas (CE) go on past {limits.MaxContinuationAreas}", continuation.Offset);
            }

            if (!visited.Add(continuation.Offset))
            {
                throw new IsoFormatException("a Rock Ridge continuation area (CE) loops back to one already read", continuation.Offset);
            }

            total += continuation.Length;
            _continuationBytes += continuation.Length;
            if (total > limits.MaxSystemUseBytes || _continuationBytes > medium.Length)
            {
                throw new IsoFormatException($"a record's Rock Ridge system use data is larger than {limits.MaxSystemUseBytes} bytes (or than the image)", continuation.Offset);
            }

            area = new byte[continuation.Length];
            IsoVolume.ReadExactly(medium, continuation.Offset, area, "a Rock Ridge continuation area (CE)");
            areaPosition = continuation.Offset;
        }

        return state.ToFields(limits, position);
    }

    private static IsoExtent? ReadArea(ReadOnlySpan<byte> area, long position, Entries state)
    {
        IsoExtent? continuation = null;
        var at = 0;
        while (area.Length - at >= 4)
        {
            var entry = area[at..];
            var length = entry[2];
            if (entry[0] == 0 || length == 0)
            {
                break;
            }

            if (length < 4 || length > entry.Length)
            {
                throw new IsoFormatException($"a system use entry '{(char)entry[0]}{(char)entry[1]}' says it is {length} bytes, outside its area", position + at);
            }

            entry = entry[..length];
            switch ((entry[0], entry[1]))
            {
                case ((byte)'S', (byte)'T'):
                    return continuation;
                case ((byte)'C', (byte)'E') when length >= 28:
                    var block = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
                    continuation = new IsoExtent((block * (long)IsoVolume.BlockSize) + BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]), BinaryPrimitives.ReadUInt32LittleEndian(entry[20..]));
                    break;
                case ((byte)'N', (byte)'M') when length >= 5:
                    state.AddName(entry[4], entry[5..]);
                    break;
                case ((byte)'S', (byte)'L') when length >= 5:
                    state.AddLink(entry[5..], position + at);
                    break;
                case ((byte)'P', (byte)'X') when length >= 12:
                    state.Mode = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
                    break;
                case ((byte)'C', (byte)'L') when length >= 12:
                    state.ChildLink = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
                    break;
                case ((byte)'R', (byte)'E'):
                    state.Relocated = true;
                    break;
                default:
                    // SP, ER, ES, PD, RR, TF, SF, PN, PL, ZF and others' entries carry nothing the tree needs.
                    break;
            }

            at += length;
        }

        return continuation;
    }

    /// <summary>The pieces of NM and SL entries, gathered across entries and continuation areas.</summary>
    private sealed class Entries
    {
        private List<byte>? _name;
        private List<byte>? _link;
        private bool _separator;

        public int? Mode { get; set; }

        public uint? ChildLink { get; set; }

        public bool Relocated { get; set; }

        public void AddName(byte flags, ReadOnlySpan<byte> content)
        {
            // NM with CURRENT or PARENT names "." or ".." (RRIP §4.1.4): nothing to add to a name.
            if ((flags & (Current | Parent)) != 0)
            {
                return;
            }

            _name ??= [];
            _name.AddRange(content);
        }

        public void AddLink(ReadOnlySpan<byte> components, long position)
        {
            _link ??= [];
            while (components.Length > 0)
            {
                if (components.Length < 2 || components[1] + 2 > components.Length)
                {
                    throw new IsoFormatException("a Rock Ridge link (SL) component runs past its entry", position);
                }

                var flags = components[0];
                var content = components.Slice(2, components[1]);
                if (_separator)
                {
                    _link.Add((byte)'/');
                }

                if ((flags & Root) != 0)
                {
                    _link.Add((byte)'/');
                    _separator = false;
                }
                else
                {
                    _link.AddRange((flags & Current) != 0 ? "."u8 : (flags & Parent) != 0 ? ".."u8 : content);
                    _separator = (flags & Continue) == 0;
                }

                components = components[(2 + components[1])..];
            }
        }

        public RockRidgeFields ToFields(IsoLimits limits, long position)
        {
            if (_name?.Count > limits.MaxNameLength)
            {
                throw new IsoFormatException($"a Rock Ridge name (NM) of {_name.Count} bytes is longer than {limits.MaxNameLength}", position);
            }

            return new RockRidgeFields
            {
                Name = _name is null ? null : Utf8.GetString([.. _name]),
                Mode = Mode,
                SymlinkTarget = _link is null ? null : Utf8.GetString([.. _link]),
                ChildLink = ChildLink,
                Relocated = Relocated,
            };
        }
    }
}
