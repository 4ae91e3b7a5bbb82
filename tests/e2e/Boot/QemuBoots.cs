namespace PxeHost.E2E.Tests.Boot;

/// <summary>QEMU boots run one at a time: under TCG two at once double each other's time on two cores.</summary>
[CollectionDefinition(Name)]
public sealed class QemuBoots
{
    public const string Name = "QEMU boots";
}
