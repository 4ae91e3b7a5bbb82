namespace PxeHost.Storage;

/// <summary>What one <see cref="LeaseTable"/> decision changed, as the steps that take each change back (see <see cref="LeaseTable.Revert"/>).</summary>
internal sealed class LeaseUndo
{
    /// <summary>In the order the changes were made; each step is given the time it runs at.</summary>
    public List<Action<DateTimeOffset>> Steps { get; } = new(4);

    public void Add(Action<DateTimeOffset> step) => Steps.Add(step);
}
