namespace ArtifactKeeper.Auth;

/// <summary>
/// One Docker token scope, e.g. <c>repository:library/nginx:pull,push</c> or <c>registry:catalog:*</c>.
/// Actions are kept verbatim; deciding which of them are granted is the access policy's job.
/// </summary>
public sealed record RegistryScope(string Type, string Name, IReadOnlyList<string> Actions);
