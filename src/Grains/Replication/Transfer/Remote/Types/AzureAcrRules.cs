namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>
/// Azure Container Registry: a service principal (application id and secret) or the admin user as basic credentials,
/// which ACR's token endpoint (<c>/oauth2/token</c>, named by the registry's challenge) takes in the bearer flow, as
/// Harbor's adapter does. Listing tags takes the <c>metadata_read</c> action there, which Harbor asks for too. The
/// Azure AD token exchange (<c>/oauth2/exchange</c>, for AAD access tokens) is not implemented: a service principal's
/// secret does not need it.
/// </summary>
public sealed class AzureAcrRules : RegistryTypeRules
{
    public override string Type => RegistryEndpointTypes.AzureAcr;

    public override IReadOnlyList<string> TagListScopes(string name) => [$"repository:{name}:metadata_read"];
}
