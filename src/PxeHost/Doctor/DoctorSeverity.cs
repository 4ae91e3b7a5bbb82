namespace PxeHost.Doctor;

/// <summary>How much a finding matters: whether machines can boot with it.</summary>
public enum DoctorSeverity
{
    /// <summary>Checked and fine.</summary>
    Ok,

    /// <summary>Some machines may not boot, or booting depends on something outside this server.</summary>
    Warns,

    /// <summary>Machines will not boot (or the server will not start) until it is fixed.</summary>
    Blocks,
}
