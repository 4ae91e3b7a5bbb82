using PxeHost.Events;

namespace PxeHost.Tests.Support;

/// <summary>Waits for the next event of a kind on a subscription, with a deadline instead of a sleep.</summary>
public static class BootEventReading
{
    /// <summary>The next <typeparamref name="T"/> (events of other kinds before it are collected in <paramref name="passed"/>).</summary>
    public static async Task<T> NextAsync<T>(this BootEventSubscription subscription, List<BootEvent>? passed = null, TimeSpan? limit = null)
        where T : BootEvent
    {
        ArgumentNullException.ThrowIfNull(subscription);
        using var deadline = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(10));
        try
        {
            await foreach (var boot in subscription.ReadAllAsync(deadline.Token))
            {
                if (boot is T wanted)
                {
                    return wanted;
                }

                passed?.Add(boot);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"no {typeof(T).Name} event; before the deadline came: {string.Join(", ", passed?.Select(e => e.GetType().Name) ?? [])}");
    }
}
