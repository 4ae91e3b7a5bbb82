using System.Text.Json.Serialization;

namespace PxeHost.Boot.Plan;

/// <summary>The file of <see cref="MachineAssignments"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<MachineAssignment>))]
internal sealed partial class MachineAssignmentsJsonContext : JsonSerializerContext;
