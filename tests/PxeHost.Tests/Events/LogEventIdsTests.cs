using System.Reflection;
using Microsoft.Extensions.Logging;
using PxeHost.Events;

namespace PxeHost.Tests.Events;

/// <summary>
/// One registry of log event ids: every id is unique and inside its component's range, and every
/// [LoggerMessage] in the server takes its id from the registry, so a literal id that bypasses it,
/// or two messages sharing one id, fail here.
/// </summary>
public sealed class LogEventIdsTests
{
    /// <summary>The documented ranges (DESIGN.md, STYLE.md): a thousand ids per component.</summary>
    private static readonly Dictionary<string, int> RangeStart = new(StringComparer.Ordinal)
    {
        ["Dhcp"] = 1000,
        ["ProxyDhcp"] = 2000,
        ["Tftp"] = 3000,
        ["Http"] = 4000,
        ["Boot"] = 5000,
        ["Storage"] = 6000,
        ["Hosting"] = 7000,
    };

    /// <summary>Which components' ids the log classes of each folder may use.</summary>
    private static readonly Dictionary<string, string[]> ComponentsOfNamespace = new(StringComparer.Ordinal)
    {
        ["PxeHost.Dhcp"] = ["Dhcp", "ProxyDhcp"],
        ["PxeHost.Tftp"] = ["Tftp"],
        ["PxeHost.Http"] = ["Http"],
        ["PxeHost.Http.Api"] = ["Http"],
        ["PxeHost.Boot"] = ["Boot"],
        ["PxeHost.Boot.Plan"] = ["Boot"],
        ["PxeHost.Boot.Policy"] = ["Boot"],
        ["PxeHost.Configuration"] = ["Boot"],
        ["PxeHost.Iso"] = ["Boot"],
        ["PxeHost.Storage"] = ["Storage"],
        ["PxeHost.Timeline"] = ["Storage"],
        ["PxeHost.Hosting"] = ["Hosting"],
    };

    private static List<(string Component, string Name, int Id)> Registry() =>
        typeof(LogEventIds).GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public)
            .SelectMany(component => component.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral)
                .Select(f => (component.Name, f.Name, (int)f.GetRawConstantValue()!)))
            .ToList();

    private static List<(MethodInfo Method, int Id)> LoggerMessages() =>
        typeof(LogEventIds).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Method, x.Attribute!.EventId))
            .ToList();

    [Fact]
    public void Registry_ids_are_unique_and_each_lies_in_its_components_range()
    {
        var registry = Registry();
        Assert.True(registry.Count > 40, $"only {registry.Count} ids found: is reflection reading the registry?");
        Assert.Empty(registry.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Component + "." + e.Name))}"));
        foreach (var (component, name, id) in registry)
        {
            Assert.True(RangeStart.TryGetValue(component, out var start), $"LogEventIds.{component} has no documented range");
            Assert.True(id >= start && id < start + 1000, $"LogEventIds.{component}.{name} = {id} is outside {start}..{start + 999}");
        }
    }

    [Fact]
    public void Every_LoggerMessage_uses_a_registry_id_of_its_own_component_and_no_two_share_one()
    {
        var messages = LoggerMessages();
        Assert.True(messages.Count > 40, $"only {messages.Count} [LoggerMessage] methods found: is the attribute kept in the assembly?");
        Assert.Empty(messages.GroupBy(m => m.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method.DeclaringType!.Name + "." + m.Method.Name))}"));

        var registry = Registry().ToDictionary(e => e.Id);
        foreach (var (method, id) in messages)
        {
            var where = $"{method.DeclaringType!.FullName}.{method.Name}";
            Assert.True(registry.TryGetValue(id, out var entry), $"{where} logs with id {id}, which the registry does not hold");
            Assert.True(ComponentsOfNamespace.TryGetValue(method.DeclaringType.Namespace!, out var allowed), $"{where}: no component for namespace {method.DeclaringType.Namespace}");
            Assert.True(allowed.Contains(entry.Component), $"{where} logs with LogEventIds.{entry.Component}.{entry.Name}, an id of another component");
        }
    }

    [Fact]
    public void Every_registry_id_is_logged_by_exactly_one_message()
    {
        var used = LoggerMessages().Select(m => m.Id).ToHashSet();
        Assert.Empty(Registry().Where(e => !used.Contains(e.Id)).Select(e => $"{e.Component}.{e.Name} = {e.Id}"));
    }
}
