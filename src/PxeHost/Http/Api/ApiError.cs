namespace PxeHost.Http.Api;

/// <summary>Why a request was refused (400, 404, 409).</summary>
public sealed record ApiError(string Reason);
