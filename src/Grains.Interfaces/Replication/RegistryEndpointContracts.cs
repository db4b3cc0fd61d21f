namespace ArtifactKeeper.Replication;

/// <summary>Registry endpoint types, named as Harbor's replication adapters are.</summary>
public static class RegistryEndpointTypes
{
    public const string ArtifactKeeper = "artifact-keeper";
    public const string Harbor = "harbor";
    public const string DockerRegistry = "docker-registry";
    public const string DockerHub = "docker-hub";
    public const string GithubGhcr = "github-ghcr";
    public const string AwsEcr = "aws-ecr";
    public const string GoogleGcr = "google-gcr";
    public const string AzureAcr = "azure-acr";
    public const string Quay = "quay";

    public static IReadOnlyList<string> All { get; } =
        [ArtifactKeeper, Harbor, DockerRegistry, DockerHub, GithubGhcr, AwsEcr, GoogleGcr, AzureAcr, Quay];
}

/// <summary>Harbor's credential types of a registry endpoint.</summary>
public static class RegistryCredentialTypes
{
    public const string Basic = "basic";
    public const string OAuth = "oauth";
    public const string Secret = "secret";
}

/// <summary>
/// A registry endpoint as everyone but its own store sees it: no secret, only whether one is stored. <see cref="Status"/>
/// is Harbor's word from the last ping (<c>healthy</c>, <c>unhealthy</c>, <c>unknown</c>).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("replication.registry-endpoint")]
public sealed record RegistryEndpoint(
    [property: Id(0)] long Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Type,
    [property: Id(3)] string Url,
    [property: Id(4)] string Description,
    [property: Id(5)] bool Insecure,
    [property: Id(6)] string CredentialType,
    [property: Id(7)] string? AccessKey,
    [property: Id(8)] bool HasSecret,
    [property: Id(9)] string Status,
    [property: Id(10)] DateTimeOffset CreationTime,
    [property: Id(11)] DateTimeOffset UpdateTime);

/// <summary>A credential in the clear, only ever in memory: built from a request or opened from the store, never logged.</summary>
public sealed record RegistryCredential(string Type, string? AccessKey, string? AccessSecret)
{
    public override string ToString() => $"RegistryCredential {{ Type = {Type}, AccessKey = {AccessKey} }}";
}
