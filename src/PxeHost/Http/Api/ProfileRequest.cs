namespace PxeHost.Http.Api;

/// <summary>The body of a profile assignment or a boot-once: a profile (or menu) name of the plan.</summary>
public sealed record ProfileRequest(string Profile);
