namespace PxeHost.Lab;

/// <summary>The network-boot firmware a lab machine runs; each sends a different DHCP discover.</summary>
public enum Firmware
{
    /// <summary>SeaBIOS running the e1000's iPXE option ROM: arch 0, <c>PXEClient:Arch:00000:UNDI:002001</c>, user class <c>iPXE</c>.</summary>
    BiosIpxe,

    /// <summary>OVMF's own PXE stack (q35, virtio-net with <c>romfile=</c>): arch 7, <c>PXEClient:Arch:00007:UNDI:003000</c>, no user class.</summary>
    UefiPxe,

    /// <summary>OVMF running the e1000's UEFI iPXE ROM: arch 7, <c>PXEClient:Arch:00007:UNDI:003010</c>, user class <c>iPXE</c>.</summary>
    UefiIpxe,

    /// <summary>OVMF with PXE switched off (IPv4PXESupport=no, IPv6Support=no): HTTP Boot, arch 16, <c>HTTPClient:Arch:00016:UNDI:003000</c>.</summary>
    UefiHttpBoot,

    /// <summary>
    /// SeaBIOS running virtio-net's iPXE option ROM: the same discover as <see cref="BiosIpxe"/>, on a NIC
    /// that Debian's cloud kernel drives (it has no e1000 driver), for systems that use the network once running.
    /// </summary>
    BiosIpxeVirtio,
}
