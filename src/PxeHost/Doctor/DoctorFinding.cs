namespace PxeHost.Doctor;

/// <summary>One thing doctor checked: what it found and, when something is wrong, what to do about it.</summary>
public sealed record DoctorFinding(DoctorSeverity Severity, string What, string? Fix = null)
{
    public static DoctorFinding Ok(string what) => new(DoctorSeverity.Ok, what);

    public static DoctorFinding Warns(string what, string fix) => new(DoctorSeverity.Warns, what, fix);

    public static DoctorFinding Blocks(string what, string fix) => new(DoctorSeverity.Blocks, what, fix);

    /// <summary>One line: <c>ok</c>, <c>warn</c> or <c>BLOCKS</c>, what, and "→ fix".</summary>
    public override string ToString()
    {
        var label = Severity switch
        {
            DoctorSeverity.Blocks => "BLOCKS",
            DoctorSeverity.Warns => "warn  ",
            _ => "ok    ",
        };
        return Fix is null ? $"{label} {What}" : $"{label} {What} → {Fix}";
    }
}
