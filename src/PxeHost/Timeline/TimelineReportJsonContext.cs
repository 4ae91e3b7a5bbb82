using System.Text.Json.Serialization;

namespace PxeHost.Timeline;

/// <summary>The <c>--json</c> output of <c>pxehost machines</c> and <c>pxehost timeline</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<MachineRow>))]
[JsonSerializable(typeof(BootReport))]
public sealed partial class TimelineReportJsonContext : JsonSerializerContext;
