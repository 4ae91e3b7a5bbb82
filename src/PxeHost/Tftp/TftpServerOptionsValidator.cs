using System.Net;

namespace PxeHost.Tftp;

/// <summary>Checks TFTP options at start; each message names the setting and what is wrong with it.</summary>
public static class TftpServerOptionsValidator
{
    /// <summary>Problems as (setting, reason) pairs; empty when the options can be served.</summary>
    public static IReadOnlyList<(string Key, string Reason)> Validate(TftpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<(string, string)>();
        if (options.Port is < 0 or > 65535)
        {
            problems.Add(("tftp-port", $"{options.Port} is not a UDP port (0-65535)"));
        }

        if (options.Limits.MaxBlockSize is < 8 or > 65464)
        {
            problems.Add(("tftp-max-blksize", $"{options.Limits.MaxBlockSize} is outside 8-65464 (RFC 2348)"));
        }

        if (options.Limits.MaxWindowSize is < 1 or > 65535)
        {
            problems.Add(("tftp-max-windowsize", $"{options.Limits.MaxWindowSize} is outside 1-65535 (RFC 7440)"));
        }

        if (options.MaxRetries < 1)
        {
            problems.Add(("tftp-retries", "must be at least 1"));
        }

        if (options.MinTimeout <= TimeSpan.Zero || options.MinTimeout > options.MaxTimeout)
        {
            problems.Add(("tftp-min-timeout", $"{options.MinTimeout.TotalMilliseconds} ms must be above 0 and at most {options.MaxTimeout.TotalMilliseconds} ms"));
        }

        if (options.ListenAddresses.Count == 0)
        {
            problems.Add(("listen", "no address to listen on"));
        }
        else if (options.ListenAddresses.Count > 1 && (options.ListenAddresses.Contains(IPAddress.Any) || options.ListenAddresses.Distinct().Count() < options.ListenAddresses.Count))
        {
            // One port, one socket per address: 0.0.0.0 or a repeated address would collide with the others.
            problems.Add(("listen", $"{string.Join(", ", options.ListenAddresses)}: 0.0.0.0 listens alone, and each address once"));
        }

        if (options.MaxConcurrentTransfers < 1)
        {
            problems.Add(("tftp-max-transfers", "must be at least 1"));
        }

        if (options.MaxTransfersPerClient < 1)
        {
            problems.Add(("tftp-max-transfers-per-client", "must be at least 1"));
        }

        if (options.FirstAckTimeout <= TimeSpan.Zero)
        {
            problems.Add(("tftp-first-ack-timeout", "must be above 0"));
        }

        if (options.ReceiveBufferBytes < 65536)
        {
            problems.Add(("tftp-receive-buffer", $"{options.ReceiveBufferBytes} bytes is below 64 KiB"));
        }

        return problems;
    }
}
