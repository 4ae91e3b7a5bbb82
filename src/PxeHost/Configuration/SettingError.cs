namespace PxeHost.Configuration;

/// <summary>A setting that cannot work, and why; printed as <c>--flag: reason</c> or <c>file:line: key: reason</c>.</summary>
public sealed record SettingError(SettingOrigin Origin, string Message)
{
    public override string ToString() => $"{Origin}: {Message}";
}
