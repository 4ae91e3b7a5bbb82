using System.Text.Json.Serialization;

namespace PxeHost.Boot;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BootApiAnswer))]
internal sealed partial class BootApiJson : JsonSerializerContext;
