namespace PxeHost.Http.Api;

/// <summary>
/// The boot plan as loaded from pxehost.yaml (its version counts applied edits), the assignments made
/// through the API (which come before the file's machines), and the last refused edit when the last
/// reload failed. <see cref="Loaded"/> is false when the server runs without a plan.
/// </summary>
public sealed record PlanView(
    bool Loaded,
    int Version,
    string? DefaultBoot,
    string DefaultLoader,
    IReadOnlyList<ProfileView> Profiles,
    IReadOnlyList<MenuView> Menus,
    IReadOnlyList<MachineView> Machines,
    IReadOnlyList<AssignmentView> Assignments,
    PlanRefusalView? Refused);
