using System.Net;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Boot;

/// <summary>
/// A PXE boot menu (PXE 2.1 §2.2.5, what dnsmasq's pxe-service and pxe-prompt give): the firmware
/// shows the prompt for the timeout, then the menu on a key press or the first entry by default, and
/// asks the boot server on port 4011 for the chosen entry's file. Checked when made, so every offer
/// can carry it: a menu PXE firmware cannot be sent is refused at start, not on each DISCOVER.
/// </summary>
public sealed record PxeMenu
{
    /// <summary>
    /// Option 43 goes out as one option of at most 255 bytes: PXE ROMs predate RFC 3396 long options
    /// and would not join a split one.
    /// </summary>
    public const int MaxVendorOptionsLength = 255;

    /// <exception cref="ArgumentException">The menu cannot be sent; the message says why (<see cref="Problem"/>).</exception>
    public PxeMenu(string prompt, byte timeoutSeconds, IReadOnlyList<PxeMenuEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(entries);
        if (Problem(prompt, entries) is { } problem)
        {
            throw new ArgumentException(problem, nameof(entries));
        }

        Prompt = prompt;
        TimeoutSeconds = timeoutSeconds;
        Entries = [.. entries];
    }

    public string Prompt { get; }

    public byte TimeoutSeconds { get; }

    public IReadOnlyList<PxeMenuEntry> Entries { get; }

    /// <summary>
    /// Why PXE firmware could not be sent this menu, or null when it can: the titles and the prompt are
    /// 8-bit text (PXE 2.1 §2.2.5, shown as Latin-1), and the whole of option 43 must fit 255 bytes.
    /// </summary>
    public static string? Problem(string prompt, IReadOnlyList<PxeMenuEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            if (!IsLatin1(entry.Title))
            {
                return $"title '{entry.Title}' has characters outside Latin-1, which PXE firmware cannot show";
            }
        }

        if (!IsLatin1(prompt))
        {
            return $"prompt '{prompt}' has characters outside Latin-1, which PXE firmware cannot show";
        }

        var length = VendorOptionsLength(prompt, entries);
        return length > MaxVendorOptionsLength
            ? $"the menu takes {length} bytes of option 43 and PXE firmware reads at most {MaxVendorOptionsLength}: fewer entries or shorter titles and prompt"
            : null;
    }

    /// <summary>Option 43 for the offer: the menu, the prompt, and this server as boot server of every entry.</summary>
    public PxeVendorOptions ToVendorOptions(IPAddress server) => new()
    {
        // Broadcast and multicast discovery off: the client asks the listed boot server (us) by unicast.
        DiscoveryControl = PxeDiscoveryControl.DisableBroadcastDiscovery | PxeDiscoveryControl.DisableMulticastDiscovery,
        BootServers = Entries.Where(e => !e.IsLocalBoot).Select(e => new PxeBootServer(e.Type, [server])).ToArray(),
        BootMenu = Entries.Select(e => new PxeBootMenuItem(e.Type, e.Title)).ToArray(),
        MenuPrompt = new PxeMenuPrompt(TimeoutSeconds, Prompt),
    };

    public PxeMenuEntry? Find(ushort type) => Entries.FirstOrDefault(e => e.Type == type);

    /// <summary>
    /// The bytes <see cref="ToVendorOptions"/> encodes to, counted without encoding (the codec refuses a
    /// suboption over 255 bytes): discovery control (3), boot servers (2 + 7 per entry with a file, one
    /// IPv4 address each), menu (2 + 3 + title per entry), prompt (3 + text), End (1).
    /// </summary>
    private static int VendorOptionsLength(string prompt, IReadOnlyList<PxeMenuEntry> entries)
    {
        var servers = entries.Count(e => !e.IsLocalBoot);
        var length = 3 + (servers > 0 ? 2 + (7 * servers) : 0);
        if (entries.Count > 0)
        {
            length += 2 + entries.Sum(e => 3 + e.Title.Length);
        }

        return length + 3 + prompt.Length + 1;
    }

    private static bool IsLatin1(string text) => !text.Any(c => c > 0xFF);
}
