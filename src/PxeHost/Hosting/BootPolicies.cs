using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PxeHost.Boot;
using PxeHost.Boot.Plan;
using PxeHost.Boot.Policy;

namespace PxeHost.Hosting;

/// <summary>
/// Which boot policy a server runs, from its options: quick mode alone; else the command line's boot
/// files, wrapped by the plan when there is one, wrapped by the API when there is one.
/// </summary>
internal static class BootPolicies
{
    public static IBootPolicy Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<PxeHostOptions>();
        var urls = services.GetRequiredService<BootUrls>();
        if (options.Quick is { } quick)
        {
            return new QuickBootPolicy(quick, urls);
        }

        IBootPolicy policy = new FlagsBootPolicy(options.Boot, urls);
        if (services.GetService<PlanSource>() is { } plans)
        {
            policy = new PlanBootPolicy(plans, urls, policy, services.GetService<BootOnceRecord>(), services.GetRequiredService<SeenClients>());
        }
        else if (services.GetService<Iso.IsoMenuPlan>() is { } images)
        {
            // No plan: unknown machines get the images' menu; with no image it says nothing, and the flags decide.
            policy = new PlanBootPolicy(images.Plans, urls, policy, null, services.GetRequiredService<SeenClients>());
        }

        if (options.Api is { } api)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("PxeHost.Boot.Api");
#pragma warning disable CA2000 // The HttpClient lives as long as the policy, which the container holds for the server's life.
            var client = new BootApi(api.Url, api.Timeout, new HttpClient(), logger);
#pragma warning restore CA2000
            policy = new ApiBootPolicy(client, policy, urls, services.GetRequiredService<TimeProvider>());
        }

        return policy;
    }
}
