namespace PxeHost.Dhcp;

/// <summary>The DHCP service cannot start as configured; the message says why and what to do.</summary>
public sealed class DhcpStartException : Exception
{
    public DhcpStartException()
    {
    }

    public DhcpStartException(string message)
        : base(message)
    {
    }

    public DhcpStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
