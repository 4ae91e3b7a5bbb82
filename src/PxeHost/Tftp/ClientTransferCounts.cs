using System.Net;

namespace PxeHost.Tftp;

/// <summary>
/// Transfers under way per client address, for <see cref="TftpServerOptions.MaxTransfersPerClient"/>.
/// An address leaves the table with its last transfer, so a flood from many addresses leaves nothing behind.
/// </summary>
internal sealed class ClientTransferCounts
{
    private readonly Dictionary<IPAddress, int> _counts = [];
    private readonly Lock _lock = new();

    /// <summary>Takes a slot for <paramref name="client"/>, or returns false with its count when it already has <paramref name="limit"/>.</summary>
    public bool TryEnter(IPAddress client, int limit, out int active)
    {
        lock (_lock)
        {
            _counts.TryGetValue(client, out active);
            if (active >= limit)
            {
                return false;
            }

            _counts[client] = active + 1;
            return true;
        }
    }

    public void Leave(IPAddress client)
    {
        lock (_lock)
        {
            if (_counts.TryGetValue(client, out var active) && active > 1)
            {
                _counts[client] = active - 1;
            }
            else if (_counts.Remove(client) && _counts.Count == 0)
            {
                // A flood from thousands of addresses grew the table; idle, it shrinks back.
                _counts.TrimExcess();
            }
        }
    }

    /// <summary>Addresses with a transfer under way.</summary>
    public int Addresses
    {
        get
        {
            lock (_lock)
            {
                return _counts.Count;
            }
        }
    }
}
