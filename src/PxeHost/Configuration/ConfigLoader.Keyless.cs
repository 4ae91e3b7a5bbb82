namespace PxeHost.Configuration;

public static partial class ConfigLoader
{
    /// <summary>The line of the first entry that starts with its ':' (or an empty '?' key), if any.</summary>
    private static int? KeylessEntryLine(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var entry = lines[i].TrimStart(' ', '-', '\t');
            if (entry.StartsWith(':') || entry.StartsWith('?'))
            {
                return i + 1;
            }
        }

        return null;
    }
}
