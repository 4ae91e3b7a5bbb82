namespace PxeHost.Boot.Plan;

/// <summary>
/// What an admin set for one machine through the API: the profile (or menu) it boots, over what
/// pxehost.yaml says; with <see cref="Once"/>, boot it once and then the local disk.
/// </summary>
/// <param name="Mac">The MAC as <see cref="Storage.MacAddressText"/> writes it.</param>
/// <param name="Profile">A profile or menu name of the plan.</param>
/// <param name="Once">Boot it once, then the local disk (as a machine's <c>once: true</c>).</param>
public sealed record MachineAssignment(string Mac, string Profile, bool Once);
