namespace PxeHost.Http.Api;

/// <summary>
/// One boot entry of an image, numbered from 1 as a plan names it (<c>iso: NAME</c>, <c>entry: N</c>); <see cref="Firmware"/>
/// is "BIOS+UEFI", "BIOS" or "UEFI"; <see cref="NetworkArguments"/> keep their <c>${iso}</c>/<c>${image}</c> placeholders.
/// </summary>
public sealed record ImageEntryView(
    int Number,
    string Title,
    string Family,
    string Method,
    long RamBytes,
    string Firmware,
    string Note,
    string? Kernel,
    IReadOnlyList<string> Initrds,
    string Arguments,
    string NetworkArguments);
