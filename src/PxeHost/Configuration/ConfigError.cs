namespace PxeHost.Configuration;

/// <summary>One thing wrong with a configuration file: where (file, line), which key, and what.</summary>
public sealed record ConfigError(string File, int Line, string Key, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Key}: {Message}";
}
