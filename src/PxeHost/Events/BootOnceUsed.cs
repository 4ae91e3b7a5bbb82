namespace PxeHost.Events;

/// <summary>A machine marked <c>once: true</c> was handed its plan: its next boot goes to the local disk.</summary>
public sealed record BootOnceUsed : BootEvent
{
    /// <summary>The profile or menu the machine's entry names; null: the default.</summary>
    public string? Profile { get; init; }
}
