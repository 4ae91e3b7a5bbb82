namespace PxeHost.Fuzz;

/// <summary>A target's own invariant broke (say, a parsed message that does not survive write → parse).</summary>
public sealed class FuzzFindingException : Exception
{
    public FuzzFindingException()
    {
    }

    public FuzzFindingException(string message)
        : base(message)
    {
    }

    public FuzzFindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
