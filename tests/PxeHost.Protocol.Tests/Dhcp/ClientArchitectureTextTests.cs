using PxeHost.Protocol.Dhcp;

namespace PxeHost.Protocol.Tests.Dhcp;

/// <summary>Log lines name a client's architecture in words, never by the registry's enum names.</summary>
public sealed class ClientArchitectureTextTests
{
    [Theory]
    [InlineData(ClientArchitecture.IntelX86Bios, "BIOS")]
    [InlineData(ClientArchitecture.EfiBc, "UEFI x64")]
    [InlineData(ClientArchitecture.EfiX64, "UEFI x64")]
    [InlineData(ClientArchitecture.EfiArm64, "UEFI arm64")]
    [InlineData(ClientArchitecture.EfiX64Http, "UEFI HTTP Boot x64")]
    [InlineData((ClientArchitecture)99, "architecture 99")]
    public void Names_the_architecture_in_words(ClientArchitecture architecture, string words) => Assert.Equal(words, architecture.Words());

    [Fact]
    public void No_architecture_is_named_by_its_enum_name()
    {
        Assert.All(Enum.GetValues<ClientArchitecture>(), a => Assert.NotEqual(a.ToString(), a.Words()));
    }
}
