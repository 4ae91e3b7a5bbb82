namespace PxeHost.Tests.Support;

/// <summary>For operations that must complete synchronously, as everything the in-memory lease store decides does.</summary>
public static class Completed
{
    public static T Now<T>(ValueTask<T> pending)
    {
        Assert.True(pending.IsCompletedSuccessfully, "expected to complete at once");
        return pending.Result;
    }
}
