namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>
/// GitHub's registry: bearer token flow, the username and a personal access token as the credential. It has no
/// catalog, so (as Harbor's adapter) a pull-based policy's name filter must name its repositories (<c>org/app</c>,
/// <c>org/{app,tool}</c>); those are the listing.
/// </summary>
public sealed class GithubGhcrRules : RegistryTypeRules
{
    public override string Type => RegistryEndpointTypes.GithubGhcr;

    public override IAsyncEnumerable<string> ListRepositoriesAsync(RemoteSession session, RepositoryListingHint hint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hint);
        return hint.Repositories is { } named
            ? named.ToAsyncEnumerable()
            : throw new OciRegistryException(
                "GitHub's registry cannot list its repositories: name them in the policy's name filter (e.g. org/app or org/{app,tool})",
                null, transient: false);
    }
}
