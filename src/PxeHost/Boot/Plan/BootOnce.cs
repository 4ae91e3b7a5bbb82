using System.Net.NetworkInformation;

namespace PxeHost.Boot.Plan;

/// <summary>
/// Uses up a <c>once: true</c> machine's plan when it fetches the kernel of what the plan gives it —
/// not when it reads a configuration or script (a loader may read those and then fail, or the admin
/// may run explain), and not on a HEAD request. From then on it boots the local disk.
/// </summary>
public sealed class BootOnce(PlanSource plans, BootOnceRecord record)
{
    public BootOnceRecord Record { get; } = record;

    /// <summary>
    /// Called when a machine starts fetching <paramref name="path"/> (relative to the served tree, over
    /// TFTP or by HTTP GET). Returns what the machine booted once (a profile or menu name) when this
    /// fetch used its plan up, else null.
    /// </summary>
    public string? OnFetched(PhysicalAddress mac, Guid? uuid, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var plan = plans.Current;
        if (plan.Find(mac, uuid) is not { Once: true } machine || (machine.Boot ?? plan.DefaultBoot) is not { } boot)
        {
            return null;
        }

        var relative = path.Split('?', 2)[0].Replace('\\', '/').TrimStart('/');
        return PlanResolver.KernelPaths(plan, boot).Contains(relative) && Record.MarkBooted(mac, boot) ? boot : null;
    }
}
