namespace ArtifactKeeper.Replication.Transfer.Remote;

/// <summary>What each registry type supports, in Harbor's words (<c>/replication/adapterinfos</c>).</summary>
public sealed class RegistryAdapterCatalog : IRegistryAdapterCatalog
{
    private static readonly string[] ProjectFilters = ["name", "tag", "label", "resource"];
    private static readonly string[] PlainFilters = ["name", "tag"];
    private static readonly string[] AllTriggers = [ReplicationTriggers.Manual, ReplicationTriggers.Scheduled, ReplicationTriggers.EventBased];
    private static readonly string[] TimedTriggers = [ReplicationTriggers.Manual, ReplicationTriggers.Scheduled];
    private static readonly string[] Basic = [RegistryCredentialTypes.Basic];
    private static readonly string[] BasicOrOAuth = [RegistryCredentialTypes.Basic, RegistryCredentialTypes.OAuth];

    public IReadOnlyList<RegistryAdapterInfo> Adapters { get; } =
    [
        new(RegistryEndpointTypes.ArtifactKeeper, "ArtifactKeeper registry", ProjectFilters, AllTriggers, true, Basic, null),
        new(RegistryEndpointTypes.Harbor, "Harbor registry", ProjectFilters, AllTriggers, true, Basic, null),
        new(RegistryEndpointTypes.DockerRegistry, "Docker registry (CNCF distribution)", PlainFilters, AllTriggers, true, Basic, null),
        new(RegistryEndpointTypes.DockerHub, "Docker Hub", PlainFilters, TimedTriggers, false, Basic, "https://hub.docker.com"),
        new(RegistryEndpointTypes.GithubGhcr, "GitHub container registry", PlainFilters, TimedTriggers, false, BasicOrOAuth, "https://ghcr.io"),
        new(RegistryEndpointTypes.AwsEcr, "Amazon Elastic Container Registry", PlainFilters, TimedTriggers, false, Basic, null),
        new(RegistryEndpointTypes.GoogleGcr, "Google container and artifact registry", PlainFilters, TimedTriggers, false, Basic, "https://gcr.io"),
        new(RegistryEndpointTypes.AzureAcr, "Azure Container Registry", PlainFilters, TimedTriggers, false, Basic, null),
        new(RegistryEndpointTypes.Quay, "Quay", PlainFilters, TimedTriggers, false, BasicOrOAuth, "https://quay.io"),
    ];

    public RegistryAdapterInfo? Find(string type) =>
        Adapters.FirstOrDefault(a => string.Equals(a.Type, type, StringComparison.Ordinal));
}
