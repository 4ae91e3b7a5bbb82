using System.Net;
using PxeHost.Boot;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Tests.Boot;

/// <summary>
/// A PXE menu firmware cannot be sent (text outside Latin-1, option 43 over 255 bytes) is refused when
/// it is made, with the reason, so no DISCOVER ever meets it.
/// </summary>
public sealed class PxeMenuTests
{
    private static PxeMenuEntry Entry(int index, string title) => new((ushort)(0x8001 + index), title, $"file{index}.efi");

    [Fact]
    public void A_title_outside_latin1_is_refused_with_the_reason()
    {
        PxeMenuEntry[] entries = [Entry(0, "Ubuntu ✓"), new PxeMenuEntry(PxeMenuEntry.LocalBootType, "Local disk", null)];

        Assert.Equal("title 'Ubuntu ✓' has characters outside Latin-1, which PXE firmware cannot show", PxeMenu.Problem("Boot", entries));
        var refused = Assert.Throws<ArgumentException>(() => new PxeMenu("Boot", 5, entries));
        Assert.StartsWith("title 'Ubuntu ✓'", refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("prompt 'Démarrer → ici'", PxeMenu.Problem("Démarrer → ici", [Entry(0, "Linux")]), StringComparison.Ordinal);
        Assert.Null(PxeMenu.Problem("Démarrer", [Entry(0, "Système")])); // Latin-1 is fine
    }

    [Fact]
    public void A_menu_whose_option_43_exceeds_255_bytes_is_refused_and_one_that_fits_encodes_to_what_was_counted()
    {
        // 3 (control) + 2 + 7n (servers) + 2 + sum(3 + title) (menu) + 3 + prompt (prompt) + 1 (end).
        var titles = Enumerable.Range(0, 6).Select(i => Entry(i, new string((char)('a' + i), 20))).ToList();
        var fits = PxeMenu.Problem("Press F8", titles);
        Assert.Null(fits);
        var length = PxeVendorOptionsCodec.ToArray(new PxeMenu("Press F8", 5, titles).ToVendorOptions(IPAddress.Parse("10.99.0.1"))).Length;
        Assert.Equal(3 + 2 + 42 + 2 + 138 + 3 + 8 + 1, length);

        var longest = new string('p', 255 - length + 8);
        Assert.Null(PxeMenu.Problem(longest, titles));
        Assert.Equal(255, PxeVendorOptionsCodec.ToArray(new PxeMenu(longest, 5, titles).ToVendorOptions(IPAddress.Any)).Length);

        Assert.Equal("the menu takes 256 bytes of option 43 and PXE firmware reads at most 255: fewer entries or shorter titles and prompt",
            PxeMenu.Problem(longest + "p", titles));
        Assert.Throws<ArgumentException>(() => new PxeMenu("Boot", 5, Enumerable.Range(0, 12).Select(i => Entry(i, new string('x', 20))).ToList()));
    }
}
