using System.Text.Json.Serialization;
using PxeHost.Storage;
using PxeHost.Timeline;

namespace PxeHost.Http.Api;

/// <summary>Every body the API reads or writes, serialised by source-generated code.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(List<MachineRow>))]
[JsonSerializable(typeof(BootReport))]
[JsonSerializable(typeof(List<LeaseRow>))]
[JsonSerializable(typeof(PlanView))]
[JsonSerializable(typeof(List<TransferView>))]
[JsonSerializable(typeof(List<ImageView>))]
[JsonSerializable(typeof(BootEventView))]
[JsonSerializable(typeof(ProfileRequest))]
[JsonSerializable(typeof(AssignmentView))]
[JsonSerializable(typeof(ApiError))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
