namespace PxeHost.Iso.Entries;

/// <summary>
/// How one family boots over the network: the words kept from the image's command line, what is
/// added, the method in words, and the bytes the client fetches into RAM besides kernel and initrds.
/// </summary>
internal sealed record FamilyPlan(string Family, IReadOnlyList<string> Words, string NetworkArguments, string Method, long FetchedBytes)
{
    public string Note { get; init; } = string.Empty;
}
