using ArtifactKeeper.Replication.Transfer.Remote.Auth;

namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>CNCF distribution: the defaults exactly.</summary>
public sealed class DockerRegistryRules : RegistryTypeRules
{
    public override string Type => RegistryEndpointTypes.DockerRegistry;
}

/// <summary>Google's registries: a service account's JSON key as the password of the fixed user <c>_json_key</c>.</summary>
public sealed class GoogleGcrRules : RegistryTypeRules
{
    public const string JsonKeyUser = "_json_key";

    public override string Type => RegistryEndpointTypes.GoogleGcr;

    public override IRegistryCredentialSource Credentials(RegistryEndpoint endpoint, RegistryCredential? credential, RemoteRegistryContext context) =>
        credential is { AccessSecret: { Length: > 0 } key } ? new StaticCredentialSource(new BasicCredential(JsonKeyUser, key))
        : StaticCredentialSource.Anonymous;
}
