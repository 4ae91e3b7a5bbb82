using System.Text.Json.Serialization;

namespace PxeHost.Timeline;

/// <summary>A step's stored form: camel-cased names, enums by name (a renumbered enum must not change what old rows say), nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TimelineStep))]
internal sealed partial class TimelineJsonContext : JsonSerializerContext;
