using PxeHost.Iso;

namespace PxeHost.Tests.Iso;

/// <summary>Image names are one URL segment and one file name at once.</summary>
public sealed class IsoNameTests
{
    [Theory]
    [InlineData("/srv/images/debian-12.4.0-amd64-netinst.iso", "debian-12.4.0-amd64-netinst")]
    [InlineData("/srv/images/Fedora Live (x86_64).ISO", "Fedora_Live__x86_64_")]
    [InlineData("/srv/images/.hidden.iso", "hidden")]
    [InlineData("/srv/images/memtest86+x64.iso", "memtest86_x64")]
    public void A_file_gives_a_safe_name_when_none_is_asked_for(string file, string name)
    {
        Assert.Equal(name, IsoName.FromFile(file));
        Assert.Null(IsoName.Problem(name));
    }

    [Theory]
    [InlineData("debian.iso", "debian")]
    [InlineData("DEBIAN.ISO", "DEBIAN")]
    [InlineData(".index", null)]
    [InlineData(".hidden.iso", null)]
    [InlineData("notes.txt", null)]
    [InlineData(".iso", null)]
    public void Only_visible_entries_ending_in_iso_are_images(string entry, string? name) => Assert.Equal(name, IsoName.OfEntry(entry));
}
