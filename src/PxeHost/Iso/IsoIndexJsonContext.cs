using System.Text.Json.Serialization;

namespace PxeHost.Iso;

/// <summary>The index cached per image (<c>isos/.index/NAME.json</c>) and <c>iso list --json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(IsoImage))]
[JsonSerializable(typeof(List<IsoImage>))]
public sealed partial class IsoIndexJsonContext : JsonSerializerContext;
