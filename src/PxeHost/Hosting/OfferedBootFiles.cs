using PxeHost.Boot.Loaders;
using PxeHost.Boot.Plan;
using PxeHost.Boot.Policy;
using PxeHost.Files;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Hosting;

/// <summary>
/// The boot files a server's DHCP answers will name, checked at start against what its TFTP and HTTP
/// serve (the root, then the system's bootloaders). A missing one is not an error — the admin may be
/// about to copy it in — but the clients told to fetch it get nothing, and firmware says no more than
/// "PXE-E32: TFTP open timeout" or "file not found": serve says so up front, with the package to install.
/// </summary>
public static class OfferedBootFiles
{
    /// <summary>One warning per boot file offered but not served: the file, where it was looked for and which clients get nothing.</summary>
    public static IReadOnlyList<string> Missing(PxeHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return MissingFiles(options).Select(m =>
        {
            var where = m.Package is null
                ? $"not in the TFTP root {options.Files.Root ?? "(none given)"}"
                : $"not in the TFTP root and not installed: apt-get install {m.Package}";
            return $"{m.File} is missing ({where}): {m.Clients} clients will get nothing";
        }).ToArray();
    }

    /// <summary>Each boot file offered but not served, with the package that provides it (null: none known) and the clients it is offered to.</summary>
    public static IReadOnlyList<MissingBootFile> MissingFiles(PxeHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Dhcp is null)
        {
            return [];
        }

        var chain = FileChain.Create(options.Files.Root, options.Files.CaseInsensitive, options.Files.SystemFiles);
        var request = FileRequest.Local with { Purpose = FilePurpose.Probe };
        var missing = new List<MissingBootFile>();
        foreach (var offer in Offered(options).GroupBy(o => o.File, StringComparer.Ordinal))
        {
            var answer = chain.Open(offer.Key, request);
            using (answer.File)
            {
                if (answer.File is null)
                {
                    var package = LoaderCatalog.Kinds.FirstOrDefault(k => k.Name == offer.Key)?.Package;
                    missing.Add(new MissingBootFile(offer.Key, package, string.Join(", ", offer.Select(o => o.Clients).Distinct(StringComparer.Ordinal))));
                }
            }
        }

        return missing;
    }

    /// <summary>Each boot file the DHCP side can name, with the clients it names it to.</summary>
    private static IEnumerable<(string File, string Clients)> Offered(PxeHostOptions options)
    {
        // iPXE first: what quick mode gives everyone, and API mode the machines the API answers for.
        if (options.Quick is not null || options.Api is not null)
        {
            foreach (var offer in ForLoader(BootLoader.Ipxe, httpBoot: true))
            {
                yield return offer;
            }

            if (options.Quick is not null)
            {
                yield break;
            }
        }

        // The boot-file options speak for every machine a plan does not (all of them when no plan names a default).
        var plan = options.Config?.Plan;
        if (plan?.DefaultBoot is null)
        {
            var boot = options.Boot;
            foreach (var (file, clients) in new[] { (boot.BiosBootFile, "BIOS"), (boot.UefiBootFile, "UEFI x64"), (boot.Arm64BootFile, "UEFI arm64") })
            {
                if (!string.IsNullOrEmpty(file))
                {
                    yield return (file, clients);
                }
            }

            if (boot.HttpBootUrl is null && !string.IsNullOrEmpty(boot.UefiBootFile))
            {
                yield return (boot.UefiBootFile, "UEFI HTTP Boot");
            }

            if (boot.IpxeScript is { } script && !BootUrls.IsUrl(script))
            {
                yield return (script, "iPXE");
            }
        }

        if (plan is not null)
        {
            foreach (var loader in plan.Machines.Select(m => m.Loader).Append(plan.DefaultLoader).OfType<BootLoader>().Distinct())
            {
                foreach (var offer in ForLoader(loader, httpBoot: false))
                {
                    yield return offer;
                }
            }
        }
    }

    private static IEnumerable<(string File, string Clients)> ForLoader(BootLoader loader, bool httpBoot)
    {
        if (LoaderCatalog.NetworkBootProgram(loader, ClientArchitecture.IntelX86Bios) is { } bios)
        {
            yield return (bios.Name, "BIOS");
        }

        if (LoaderCatalog.NetworkBootProgram(loader, ClientArchitecture.EfiX64) is { } uefi)
        {
            yield return (uefi.Name, "UEFI x64");
            if (httpBoot)
            {
                yield return (uefi.Name, "UEFI HTTP Boot");
            }
        }
    }
}
