namespace PxeHost.Tests.Support;

/// <summary>
/// Tests that measure the process's managed heap run alone: another test's files and servers in
/// the same process would show up in the figure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurement
{
    public const string Name = "Heap measurement";
}
