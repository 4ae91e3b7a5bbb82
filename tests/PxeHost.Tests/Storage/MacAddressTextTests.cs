using System.Net.NetworkInformation;
using PxeHost.Storage;

namespace PxeHost.Tests.Storage;

public sealed class MacAddressTextTests
{
    [Fact]
    public void Formats_lower_case_with_colons() =>
        Assert.Equal("0a:1b:2c:3d:4e:ff", MacAddressText.Format(new PhysicalAddress([0x0A, 0x1B, 0x2C, 0x3D, 0x4E, 0xFF])));

    [Theory]
    [InlineData("0a:1b:2c:3d:4e:ff", true)]
    [InlineData("", true)]
    [InlineData("0A:1B:2C:3D:4E:FF", false)]
    [InlineData("0a-1b-2c-3d-4e-ff", false)]
    [InlineData("0a1b2c3d4eff", false)]
    [InlineData("0a:1b:2c:3d:4e:f", false)]
    [InlineData("banana", false)]
    public void Parses_only_what_it_formats(string text, bool parses)
    {
        Assert.Equal(parses, MacAddressText.TryParse(text, out var mac));
        Assert.Equal(parses ? text : string.Empty, MacAddressText.Format(mac));
    }
}
