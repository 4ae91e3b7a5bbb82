using PxeHost.Boot;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Files;
using PxeHost.Http;
using PxeHost.Tftp;

namespace PxeHost.Hosting;

/// <summary>
/// Everything one PxeHost server is: what it listens on and how (TFTP always; DHCP and HTTP when
/// given) and how it decides what machines boot. serve, boot and explain all build one of these and
/// hand it to <see cref="PxeHostServiceCollectionExtensions.AddPxeHost"/>, so explain answers what
/// serve would send.
/// </summary>
public sealed record PxeHostOptions
{
    public required TftpServerOptions Tftp { get; init; }

    /// <summary>The root folder and the system's bootloaders, served over TFTP and HTTP from one chain with the boot policy's files.</summary>
    public FileTreeOptions Files { get; init; } = new();

    /// <summary>Full DHCP or proxyDHCP; null serves files only.</summary>
    public DhcpServerOptions? Dhcp { get; init; }

    /// <summary>The HTTP side; null runs no web host at all.</summary>
    public HttpBootOptions? Http { get; init; }

    /// <summary>The port clients are told to fetch from over HTTP (URLs in DHCP answers and scripts).</summary>
    public int HttpPort { get; init; } = 80;

    /// <summary>The boot files of the command line: what machines no plan or API speaks for get.</summary>
    public BootOptions Boot { get; init; } = new();

    /// <summary>Quick mode: every client boots this; excludes a plan and an API.</summary>
    public QuickBoot? Quick { get; init; }

    /// <summary>API mode: an outside service says what each machine boots.</summary>
    public BootApiOptions? Api { get; init; }

    /// <summary>pxehost.yaml as loaded at start: its plan decides, and the file is watched for edits.</summary>
    public PxeHostConfig? Config { get; init; }

    /// <summary>The DHCP settings given as flags and the interfaces found at start: a reload of the file builds scopes with them again.</summary>
    public DhcpSettings DhcpFlags { get; init; } = DhcpSettings.None;

    public IReadOnlyList<LocalInterface> Interfaces { get; init; } = [];

    /// <summary>Where each boot's trace is sent over OTLP (<c>http://collector:4317</c> gRPC, or a URL ending in <c>/v1/traces</c> for HTTP); null sends none.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>The images of the data folder's <c>isos/</c>, as scanned at start; served under <c>iso/</c> and watched. Null: none.</summary>
    public Iso.IsoCatalog? Images { get; init; }

    /// <summary>Without a plan: the images' entries are the menu unknown machines get (the command line named no boot file of its own).</summary>
    public bool ImageMenu { get; init; }

    /// <summary>Where state lives (leases, boot-once record); null keeps none (files-only serving, explain).</summary>
    public string? DataDirectory { get; init; }
}
