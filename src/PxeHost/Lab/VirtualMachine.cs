using System.Diagnostics;
using System.Globalization;
using System.Net.NetworkInformation;
using System.Text.RegularExpressions;

namespace PxeHost.Lab;

/// <summary>
/// A QEMU machine that network-boots on a lab bridge through its own tap device; its serial console
/// goes to <see cref="SerialLogPath"/>. Started by <see cref="BootLab.StartVmAsync"/>; disposing
/// kills QEMU by pid and deletes the tap.
/// </summary>
public sealed partial class VirtualMachine : IAsyncDisposable
{
    private const string OvmfCode = "/usr/share/OVMF/OVMF_CODE_4M.fd";
    private const string OvmfVars = "/usr/share/OVMF/OVMF_VARS_4M.fd";

    private readonly NamespacedProgram _qemu;
    private readonly Stopwatch _clock;
    private int _disposed;

    private VirtualMachine(NamespacedProgram qemu, Stopwatch clock, string networkNamespace, string tap, Firmware firmware, PhysicalAddress mac, string serialLogPath)
    {
        _qemu = qemu;
        _clock = clock;
        Namespace = networkNamespace;
        TapName = tap;
        Firmware = firmware;
        MacAddress = mac;
        SerialLogPath = serialLogPath;
    }

    public Firmware Firmware { get; }

    public PhysicalAddress MacAddress { get; }

    public string Namespace { get; }

    public string TapName { get; }

    public string SerialLogPath { get; }

    /// <summary>Time since QEMU was started: read it right after a wait to time a boot.</summary>
    public TimeSpan Uptime => _clock.Elapsed;

    public bool HasExited => _qemu.HasExited;

    /// <summary>QEMU's own stdout and stderr (not the guest's console).</summary>
    public IReadOnlyList<string> QemuOutput => _qemu.Lines;

    /// <summary>The serial console so far; the firmware's lines carry \r and terminal escapes.</summary>
    public string SerialLog
    {
        get
        {
            try
            {
                using var stream = new FileStream(SerialLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
            catch (FileNotFoundException)
            {
                return "";
            }
        }
    }

    internal static async Task<VirtualMachine> StartAsync(string networkNamespace, string bridge, string tap, Firmware firmware, PhysicalAddress mac, int memoryMiB, string workDirectory)
    {
        await ChildProgram.RunCheckedAsync("ip", "-n", networkNamespace, "tuntap", "add", tap, "mode", "tap");
        await ChildProgram.RunCheckedAsync("ip", "-n", networkNamespace, "link", "set", tap, "master", bridge);
        await ChildProgram.RunCheckedAsync("ip", "-n", networkNamespace, "link", "set", tap, "up");
        var serial = Path.Combine(workDirectory, $"{tap}-serial.log");
        var arguments = CommonArguments(tap, memoryMiB, serial).Concat(FirmwareArguments(firmware, MacText(mac), workDirectory, tap));
        var clock = Stopwatch.StartNew();
        var qemu = NamespacedProgram.Start(networkNamespace, "qemu-system-x86_64", [.. arguments]);
        return new VirtualMachine(qemu, clock, networkNamespace, tap, firmware, mac, serial);
    }

    // -nographic quits early without a terminal; -no-reboot makes the payload's poweroff (and any
    // reboot after a failed boot) end QEMU.
    private static string[] CommonArguments(string tap, int memoryMiB, string serial) =>
    [
        "-accel", "tcg", "-m", memoryMiB.ToString(CultureInfo.InvariantCulture), "-smp", "1",
        "-netdev", $"tap,id=n0,ifname={tap},script=no,downscript=no",
        "-display", "none", "-serial", "file:" + serial, "-monitor", "none", "-no-reboot", "-boot", "n",
    ];

    private static IEnumerable<string> FirmwareArguments(Firmware firmware, string mac, string workDirectory, string tap)
    {
        var e1000 = new[] { "-device", $"e1000,netdev=n0,mac={mac}" };
        // romfile= keeps QEMU from loading its iPXE ROM, so OVMF's own PXE / HTTP Boot stack drives the NIC.
        var virtio = new[] { "-device", $"virtio-net-pci,netdev=n0,mac={mac},romfile=" };
        return firmware switch
        {
            Firmware.BiosIpxe => e1000,
            Firmware.BiosIpxeVirtio => ["-device", $"virtio-net-pci,netdev=n0,mac={mac}"],
            Firmware.UefiPxe => Ovmf(workDirectory, tap).Concat(virtio),
            Firmware.UefiIpxe => Ovmf(workDirectory, tap).Concat(e1000),
            Firmware.UefiHttpBoot => Ovmf(workDirectory, tap).Concat(virtio).Concat(
            [
                // OVMF tries HTTP Boot only after PXE, and IPv6 after IPv4: switch those off.
                "-fw_cfg", "name=opt/org.tianocore/IPv4PXESupport,string=no",
                "-fw_cfg", "name=opt/org.tianocore/IPv6Support,string=no",
            ]),
            _ => throw new ArgumentOutOfRangeException(nameof(firmware), firmware, null),
        };
    }

    private static string[] Ovmf(string workDirectory, string tap)
    {
        var vars = Path.Combine(workDirectory, $"{tap}-OVMF_VARS_4M.fd");
        File.Copy(OvmfVars, vars, overwrite: true);
        return
        [
            "-machine", "q35",
            "-drive", $"if=pflash,format=raw,readonly=on,file={OvmfCode}",
            "-drive", $"if=pflash,format=raw,file={vars}",
        ];
    }

    private static string MacText(PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    /// <summary>
    /// Polls the serial log until a line contains <paramref name="text"/> and returns that line. Throws
    /// <see cref="TimeoutException"/> with the log's tail and QEMU's state when the time is up, or at
    /// once when QEMU has exited without printing it.
    /// </summary>
    public async Task<string> WaitForSerialAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var exited = _qemu.HasExited;
            if (FindSerialLine(text) is { } line)
            {
                return line;
            }

            if (exited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the serial console of {Firmware} VM {TapName} never showed '{text}' within {timeout} (after {Uptime.TotalSeconds:F1} s). {Describe()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The first complete line of the serial console containing <paramref name="text"/>, without terminal escapes; null when there is none yet.</summary>
    public string? FindSerialLine(string text)
    {
        var log = SerialLog;
        // The UART writes byte by byte: while QEMU runs, only a line that has its '\n' is complete.
        var complete = _qemu.HasExited ? log : log[..(log.LastIndexOf('\n') + 1)];
        var line = complete.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
        return line is null ? null : Readable(line).Trim();
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _qemu.WaitForExitAsync(timeout);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the {Firmware} VM {TapName} did not power off within {timeout}. {Describe()}");
        }
    }

    /// <summary>QEMU's state and output and the last lines of the serial console, for failure messages.</summary>
    public string Describe()
    {
        var state = _qemu.HasExited ? $"QEMU exited with {_qemu.ExitCode}" : "QEMU is still running";
        var output = _qemu.Lines.Count == 0 ? "" : "\nQEMU's output:\n" + string.Join('\n', _qemu.Lines);
        var tail = Readable(SerialLog).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).TakeLast(40);
        return $"{state}.{output}\nCommand: {_qemu.CommandLine}\nLast serial lines ({SerialLogPath}):\n{string.Join('\n', tail)}";
    }

    private static string Readable(string text) => TerminalEscape().Replace(text, "").Replace("\r", "", StringComparison.Ordinal);

    [GeneratedRegex(@"\x1B(\[[0-9;?=]*[A-Za-z]|[()][0-9A-Za-z]|[=>c])")]
    private static partial Regex TerminalEscape();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _qemu.DisposeAsync();
        await ChildProgram.RunAsync("ip", ["-n", Namespace, "link", "delete", TapName]);
    }
}
