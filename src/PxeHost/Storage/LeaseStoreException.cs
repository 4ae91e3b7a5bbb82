namespace PxeHost.Storage;

/// <summary>
/// A lease decision could not be made durable: nothing was promised, so the reply (an ACK) must not be
/// sent. The client asks again (RFC 2131 §4.1 retransmission) and gets a fresh decision.
/// </summary>
public sealed class LeaseStoreException : Exception
{
    public LeaseStoreException()
    {
    }

    public LeaseStoreException(string message)
        : base(message)
    {
    }

    public LeaseStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
