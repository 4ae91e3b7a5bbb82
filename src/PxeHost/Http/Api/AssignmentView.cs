namespace PxeHost.Http.Api;

/// <summary>A profile an admin gave a machine through the API.</summary>
/// <param name="Mac">The machine.</param>
/// <param name="Profile">What it boots.</param>
/// <param name="Once">Once, then the local disk.</param>
/// <param name="BootedOnce">A once assignment already used: the machine boots the local disk now.</param>
public sealed record AssignmentView(string Mac, string Profile, bool Once, bool BootedOnce);
