using System.Globalization;

namespace PxeHost.Iso;

/// <summary>What <c>iso list</c> prints for an image: a line for the image, a line per entry, a line per note.</summary>
public static class IsoListing
{
    public static IEnumerable<string> Lines(IsoImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Refusal is { } refused)
        {
            yield return $"{image.Name}  {Size(image.Length)}  {image.Target}  refused: {refused}";
            yield break;
        }

        yield return $"{image.Name}  {Size(image.Length)}  label \"{image.Label}\"  sha256 {image.Sha256}  {image.Target}";
        if (image.Entries.Count == 0)
        {
            yield return "  (no boot entry found)";
        }

        for (var i = 0; i < image.Entries.Count; i++)
        {
            var entry = image.Entries[i];
            var ram = entry.RamBytes > 0 ? $"RAM {Size(entry.RamBytes)}" : "RAM unknown";
            yield return string.Create(CultureInfo.InvariantCulture, $"  {i + 1}. {entry.Title}  [{entry.Family}; {entry.Method}; {ram}; {Firmware(entry.Firmware)}]");
            if (entry.Note.Length > 0)
            {
                yield return $"     note: {entry.Note}";
            }
        }

        foreach (var problem in image.Problems)
        {
            yield return $"  problem: {problem}";
        }
    }

    /// <summary>"BIOS+UEFI", "BIOS", "UEFI" or "none".</summary>
    public static string Firmware(IsoFirmware firmware) => firmware switch
    {
        IsoFirmware.Bios | IsoFirmware.Uefi => "BIOS+UEFI",
        IsoFirmware.Bios => "BIOS",
        IsoFirmware.Uefi => "UEFI",
        _ => "none",
    };

    /// <summary>Bytes in binary units with one decimal: "512 B", "1.5 KiB", "3.8 GiB".</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B") : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
