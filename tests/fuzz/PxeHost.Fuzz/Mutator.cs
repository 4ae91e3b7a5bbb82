using System.Buffers.Binary;
using System.Text;

namespace PxeHost.Fuzz;

/// <summary>
/// Mutates a seed datagram the ways broken or hostile senders do: bit flips, bytes set to 0, 0xFF or
/// anything, truncation and extension, and, knowing the format, DHCP option lengths that lie,
/// duplicated and overloaded options, TFTP strings without their NUL, huge or nonsense option values
/// and changed opcodes. Deterministic for a given <see cref="Random"/> seed.
/// </summary>
public sealed class Mutator(Random random, int maxLength)
{
    private const int DhcpOptionsStart = 240;

    private static readonly string[] TftpOptionNames = ["blksize", "windowsize", "tsize", "timeout", "BLKSIZE", "multicast", "rollover", ""];

    private static readonly string[] HugeNumbers =
        ["0", "7", "8", "65464", "65465", "65535", "65536", "4294967296", "99999999999999999999999", "-1", "+5", " 9", "0x10", "1e9", "", "\u0661\u0662"];

    public byte[] Mutate(byte[] seed, DatagramKind kind)
    {
        var data = new List<byte>(seed);
        var steps = 1 + random.Next(4);
        for (var i = 0; i < steps; i++)
        {
            var structured = kind != DatagramKind.Opaque && random.Next(2) == 0;
            if (structured && kind == DatagramKind.Dhcp)
            {
                MutateDhcp(data);
            }
            else if (structured && kind == DatagramKind.Image)
            {
                ImageMutations.Apply(data, random);
            }
            else if (structured)
            {
                MutateTftp(data);
            }
            else
            {
                MutateBytes(data);
            }
        }

        return [.. data.Take(maxLength)];
    }

    private void MutateBytes(List<byte> data)
    {
        var at = data.Count == 0 ? 0 : random.Next(data.Count);
        switch (random.Next(9))
        {
            case 0 when data.Count > 0:
                data[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[at] = (byte)(random.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => random.Next(256) });
                break;
            case 2:
                Truncate(data, random.Next(data.Count + 1));
                break;
            case 3:
                data.AddRange(RandomBytes(1 + random.Next(random.Next(2) == 0 ? 16 : 1500)));
                break;
            case 4:
                data.InsertRange(at, RandomBytes(1 + random.Next(64)));
                break;
            case 5 when data.Count > 1:
                data.RemoveRange(at, Math.Min(1 + random.Next(32), data.Count - at));
                break;
            case 6 when data.Count > 1:
                var length = Math.Min(1 + random.Next(64), data.Count - at);
                data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                break;
            case 7 when data.Count >= 2:
                // An interesting 16-bit value where lengths, block numbers and opcodes live.
                var value = (ushort)(random.Next(5) switch { 0 => 0, 1 => 0xFFFF, 2 => 0x7FFF, 3 => 0x8000, _ => random.Next(65536) });
                var index = random.Next(data.Count - 1);
                data[index] = (byte)(value >> 8);
                data[index + 1] = (byte)value;
                break;
            default:
                if (data.Count > 0)
                {
                    data[at] = (byte)random.Next(256);
                }

                break;
        }
    }

    private void MutateDhcp(List<byte> data)
    {
        var options = OptionOffsets(data);
        switch (random.Next(8))
        {
            case 0 when options.Count > 0:
                // The option says it is longer (or shorter) than it is.
                data[options[random.Next(options.Count)] + 1] = (byte)(random.Next(3) switch { 0 => 0xFF, 1 => 0, _ => random.Next(256) });
                break;
            case 1 when options.Count > 0:
                var option = options[random.Next(options.Count)];
                var copy = data.GetRange(option, Math.Min(2 + data[option + 1], data.Count - option));
                data.InsertRange(EndOfOptions(data), Enumerable.Repeat(copy, 1 + random.Next(random.Next(2) == 0 ? 2 : 300)).SelectMany(c => c));
                break;
            case 2:
                // Option overload (RFC 2132 §9.3) into sname/file, which may hold anything, even another 52.
                data.InsertRange(EndOfOptions(data), [52, 1, (byte)random.Next(4)]);
                if (data.Count > 236 && random.Next(2) == 0)
                {
                    data[44 + random.Next(64 + 128 - 3)] = 52;
                }

                break;
            case 3:
                // A long option split across many pieces (RFC 3396 concatenation).
                var code = (byte)(random.Next(2) == 0 ? 43 : random.Next(1, 255));
                var pieces = 1 + random.Next(40);
                var insert = new List<byte>();
                for (var i = 0; i < pieces; i++)
                {
                    insert.Add(code);
                    insert.Add(255);
                    insert.AddRange(RandomBytes(255));
                }

                data.InsertRange(EndOfOptions(data), insert);
                break;
            case 4 when data.Count > 239:
                data[236 + random.Next(4)] = (byte)random.Next(256);
                break;
            case 5 when data.Count > 3:
                // htype, hlen, hops.
                data[1 + random.Next(3)] = (byte)(random.Next(2) == 0 ? 0xFF : random.Next(256));
                break;
            case 6 when options.Count > 0:
                // A PXE vendor option (43) whose suboptions lie about their lengths.
                data.InsertRange(EndOfOptions(data), PxeVendorLie());
                break;
            default:
                var end = data.IndexOf(0xFF, Math.Min(DhcpOptionsStart, data.Count));
                if (end >= 0)
                {
                    Truncate(data, end);
                }

                break;
        }
    }

    private byte[] PxeVendorLie()
    {
        byte[] suboptions = [6, 1, 8, 8, 7, 0x80, 0x00, 1, 10, 0, 1, 9, 0xFF, 0x80, 0, 5, (byte)'L', (byte)'o', 10, 4, 3, (byte)'P', 71, 4, 0x80, 0, 0, 0, 255];
        var mutated = suboptions.ToArray();
        mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
        return [43, (byte)mutated.Length, .. mutated];
    }

    private void MutateTftp(List<byte> data)
    {
        switch (random.Next(6))
        {
            case 0 when data.Count >= 2:
                var opcode = (ushort)(random.Next(3) == 0 ? random.Next(65536) : random.Next(10));
                data[0] = (byte)(opcode >> 8);
                data[1] = (byte)opcode;
                break;
            case 1:
                var nul = data.LastIndexOf(0);
                if (nul > 1)
                {
                    data.RemoveAt(random.Next(2) == 0 ? nul : Math.Max(2, data.IndexOf(0, 2)));
                }

                break;
            case 2:
                var name = TftpOptionNames[random.Next(TftpOptionNames.Length)];
                var value = HugeNumbers[random.Next(HugeNumbers.Length)];
                var repeat = 1 + random.Next(random.Next(4) == 0 ? 200 : 2);
                for (var i = 0; i < repeat; i++)
                {
                    data.AddRange(Encoding.UTF8.GetBytes(name));
                    data.Add(0);
                    data.AddRange(Encoding.UTF8.GetBytes(value));
                    if (random.Next(4) != 0)
                    {
                        data.Add(0);
                    }
                }

                break;
            case 3 when data.Count > 2:
                // A file name of thousands of bytes, or one full of separators and dots.
                var filler = random.Next(3) switch { 0 => "../", 1 => "A", _ => "/\\%2e" };
                data.InsertRange(2, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(filler, 1 + random.Next(3000)))));
                break;
            case 4 when data.Count >= 4:
                BinaryPrimitives.WriteUInt16BigEndian(Span(data, 2), (ushort)random.Next(65536));
                break;
            default:
                data.AddRange(RandomBytes(random.Next(2) == 0 ? 1 : 1 + random.Next(70000)));
                break;
        }
    }

    private static Span<byte> Span(List<byte> data, int at) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(data)[at..];

    /// <summary>Where each option of the options field starts (code, length, value), as far as the lengths allow.</summary>
    private static List<int> OptionOffsets(List<byte> data)
    {
        var offsets = new List<int>();
        var at = DhcpOptionsStart;
        while (at + 1 < data.Count && data[at] != 0xFF)
        {
            if (data[at] == 0)
            {
                at++;
                continue;
            }

            offsets.Add(at);
            at += 2 + data[at + 1];
        }

        return offsets;
    }

    private static int EndOfOptions(List<byte> data)
    {
        var end = data.IndexOf(0xFF, Math.Min(DhcpOptionsStart, data.Count));
        return end >= 0 ? end : data.Count;
    }

    private static void Truncate(List<byte> data, int length) => data.RemoveRange(length, data.Count - length);

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
