namespace PxeHost.Lab;

/// <summary>A file being sent to the machine: how much has gone, of how much (null when the size is not known yet).</summary>
public sealed record TransferNow(string File, bool Tftp, long Bytes, long? Size)
{
    public double? Fraction => Size is > 0 ? Math.Clamp((double)Bytes / Size.Value, 0, 1) : null;
}
