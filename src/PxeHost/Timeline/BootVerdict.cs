namespace PxeHost.Timeline;

/// <summary>One conclusion about a boot, in plain words.</summary>
public sealed record BootVerdict(VerdictKind Kind, string Text)
{
    /// <summary>A note explains a step; it never is a boot's verdict.</summary>
    public bool IsNote => Kind >= VerdictKind.SizeProbe;

    public override string ToString() => Text;
}
