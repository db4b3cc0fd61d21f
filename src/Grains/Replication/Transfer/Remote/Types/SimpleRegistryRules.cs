using ArtifactKeeper.Replication.Transfer.Remote.Auth;

namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>CNCF distribution: the defaults exactly.</summary>
public sealed class DockerRegistryRules : RegistryTypeRules
{
    public override string Type => RegistryEndpointTypes.DockerRegistry;
}

/// <summary>GitHub's registry: bearer token flow, the username and a personal access token as the credential.</summary>
public sealed class GithubGhcrRules : RegistryTypeRules
{
    public override string Type => RegistryEndpointTypes.GithubGhcr;
}

/// <summary>Quay: bearer token flow; robot accounts (<c>org+robot</c> and token) are ordinary basic credentials there.</summary>
public sealed class QuayRules : RegistryTypeRules
{
    public override string Type => RegistryEndpointTypes.Quay;
}

/// <summary>
/// Azure Container Registry: a service principal or admin user as basic credentials, which ACR's token endpoint takes
/// in the bearer flow. (The AAD refresh-token exchange of <c>/oauth2/exchange</c> is not implemented.)
/// </summary>
public sealed class AzureAcrRules : RegistryTypeRules
{
    public override string Type => RegistryEndpointTypes.AzureAcr;
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
