using PxeHost.Boot.Render;

namespace PxeHost.Tests.Boot.Render;

/// <summary>Entry ids every loader takes as label, menu item and default.</summary>
public sealed class EntryIdTests
{
    [Theory]
    [InlineData("install")]
    [InlineData("debian-12")]
    [InlineData("_hidden")]
    [InlineData("Memtest_86")]
    public void Plain_ids_are_valid(string id) => Assert.True(EntryId.IsValid(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-x")]
    [InlineData("2")]
    [InlineData("0x1")]
    [InlineData("12-install")]
    [InlineData("has space")]
    [InlineData("dot.ted")]
    [InlineData("semi;colon")]
    [InlineData("dollar$")]
    [InlineData("brace{")]
    [InlineData("ünïcode")]
    public void Ids_a_loader_would_misread_are_invalid(string? id) => Assert.False(EntryId.IsValid(id));

    [Theory]
    [InlineData("debian 12", "debian-12")]
    [InlineData("2024-install", "e-2024-install")]
    [InlineData("-x", "e--x")]
    [InlineData("memtest86+", "memtest86-")]
    [InlineData("", "e-")]
    public void From_name_makes_a_valid_id(string name, string id)
    {
        Assert.Equal(id, EntryId.FromName(name));
        Assert.True(EntryId.IsValid(EntryId.FromName(name)));
    }
}
