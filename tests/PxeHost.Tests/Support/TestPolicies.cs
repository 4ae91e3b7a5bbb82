using PxeHost.Boot;
using PxeHost.Boot.Plan;
using PxeHost.Boot.Policy;
using PxeHost.Configuration;

namespace PxeHost.Tests.Support;

/// <summary>The boot policies as serve composes them, in one line each.</summary>
internal static class TestPolicies
{
    public static FlagsBootPolicy Flags(BootOptions? options = null, int httpPort = 80) => new(options ?? new BootOptions(), new BootUrls(httpPort));

    public static QuickBootPolicy Quick(QuickBoot quick, int httpPort = 80) => new(quick, new BootUrls(httpPort));

    public static PlanBootPolicy Plan(BootPlanSet plan, BootOptions? options = null, int httpPort = 80, BootOnceRecord? once = null, SeenClients? seen = null) =>
        Plan(new PlanSource(plan), options, httpPort, once, seen);

    public static PlanBootPolicy Plan(PlanSource plans, BootOptions? options = null, int httpPort = 80, BootOnceRecord? once = null, SeenClients? seen = null) =>
        new(plans, new BootUrls(httpPort), Flags(options, httpPort), once, seen);
}
