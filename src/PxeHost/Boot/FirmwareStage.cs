namespace PxeHost.Boot;

/// <summary>What is asking: the machine's own firmware, or a network boot program it already loaded.</summary>
public enum FirmwareStage
{
    /// <summary>The NIC's PXE ROM or UEFI's own PXE stack: it needs a network boot program.</summary>
    Firmware,

    /// <summary>UEFI HTTP Boot firmware (vendor class HTTPClient): it wants a URL.</summary>
    HttpBootFirmware,

    /// <summary>iPXE (user class "iPXE" or option 175): give it a script, or it loops loading itself.</summary>
    Ipxe,

    /// <summary>Not a network-boot client (an OS's DHCP client).</summary>
    NotBooting,
}
