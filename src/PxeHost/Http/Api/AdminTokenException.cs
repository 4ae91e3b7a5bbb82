namespace PxeHost.Http.Api;

/// <summary>The admin token can be neither read nor made: the message names the file and why; the server does not start.</summary>
public sealed class AdminTokenException : InvalidOperationException
{
    public AdminTokenException()
    {
    }

    public AdminTokenException(string message)
        : base(message)
    {
    }

    public AdminTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
