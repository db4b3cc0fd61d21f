using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ArtifactKeeper.Replication.Transfer.Remote.Auth;

namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>
/// Amazon ECR: the endpoint's access key and secret sign calls to the ECR API of the region named in the URL
/// (<c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.…</c>). They buy a registry password (used as Basic <c>AWS:&lt;password&gt;</c>
/// until it expires); a push first creates its repository, which ECR does not do on push (as Harbor's adapter:
/// <c>DescribeRepositories</c>, then <c>CreateRepository</c>); and, ECR having no catalog, repositories are listed
/// through <c>DescribeRepositories</c>. The repository check before pushes is made once per repository per session (one
/// execution's tasks share one); replicated deletions go through <c>BatchDeleteImage</c>, as Harbor's adapter: by tag,
/// or by digest when the deletion names no tag.
/// </summary>
public sealed partial class AwsEcrRules : RegistryTypeRules
{
    private const int MaxDescribePage = 1000;

    public override string Type => RegistryEndpointTypes.AwsEcr;

    /// <summary>The region of an ECR registry host, or null when the host is not one.</summary>
    public static string? Region(string host)
    {
        var match = EcrHost().Match(host ?? string.Empty);
        return match.Success ? match.Groups["region"].Value : null;
    }

    /// <summary>The account (registry id) of an ECR registry host, or null when the host is not one.</summary>
    public static string? Account(string host)
    {
        var match = EcrHost().Match(host ?? string.Empty);
        return match.Success ? match.Groups["account"].Value : null;
    }

    public override IRegistryCredentialSource Credentials(RegistryEndpoint endpoint, RegistryCredential? credential, RemoteRegistryContext context)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(context);
        if (credential is not { AccessKey: { Length: > 0 }, AccessSecret: { Length: > 0 } })
        {
            return StaticCredentialSource.Anonymous;
        }

        return Api(endpoint, credential, context) is { } api
            ? new EcrCredentialSource(api, context.Clock)
            : new RefusedCredentialSource("the ECR endpoint URL names no region (<account>.dkr.ecr.<region>.amazonaws.com)");
    }

    public override Task PrepareRepositoryAsync(RemoteSession session, string repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(repository);

        // Without an access key there is no ECR API to ask (nor a push that could succeed); the push reports that.
        return Api(session.Endpoint, session.Credential, session.Context) is { } api
            ? session.Prepared.RunAsync("ecr-repository:" + repository, ct => EnsureRepositoryAsync(session, api, repository, ct), cancellationToken)
            : Task.CompletedTask;
    }

    public override async Task<bool?> DeleteAsync(
        RemoteSession session, string repository, string digest, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(tags);
        if (Api(session.Endpoint, session.Credential, session.Context) is not { } api)
        {
            throw new OciRegistryException("deleting from ECR needs the endpoint's access key and secret", HttpStatusCode.Unauthorized, transient: false);
        }

        // A tag's deletion removes that tag (ECR deletes the image with its last tag); an artifact's, the image and all its tags.
        IReadOnlyList<EcrImageId> images = tags.Count > 0
            ? [.. tags.Distinct(StringComparer.Ordinal).Select(tag => new EcrImageId(null, tag))]
            : [new EcrImageId(digest, null)];
        EcrBatchDeleteImageAnswer? answer;
        try
        {
            answer = await api.CallAsync(
                "BatchDeleteImage", new EcrBatchDeleteImageRequest(Account(Root(session.Endpoint.Url).Host), repository, images),
                EcrJson.Default.EcrBatchDeleteImageRequest, EcrJson.Default.EcrBatchDeleteImageAnswer, cancellationToken);
        }
        catch (OciRegistryException e) when (e.ErrorCode == "RepositoryNotFoundException")
        {
            return false;
        }

        // ImageNotFound: already gone, which is what the deletion wanted. Anything else left the image there.
        var refused = (answer?.Failures ?? []).Where(f => f.FailureCode is not "ImageNotFound").ToList();
        if (refused.Count > 0)
        {
            var first = refused[0];
            throw new OciRegistryException(
                $"ECR BatchDeleteImage refused to delete {repository}@{first.ImageId?.ImageTag ?? first.ImageId?.ImageDigest ?? digest}: {first.FailureCode} {first.FailureReason}".TrimEnd(),
                HttpStatusCode.OK, transient: false, first.FailureCode);
        }

        return answer?.ImageIds is { Count: > 0 };
    }

    private static async Task EnsureRepositoryAsync(RemoteSession session, EcrApiClient api, string repository, CancellationToken cancellationToken)
    {
        var account = Account(Root(session.Endpoint.Url).Host);
        try
        {
            var found = await api.CallAsync(
                "DescribeRepositories", new EcrDescribeRepositoriesRequest(account, [repository], null, null),
                EcrJson.Default.EcrDescribeRepositoriesRequest, EcrJson.Default.EcrDescribeRepositoriesAnswer, cancellationToken);
            if (found?.Repositories is { Count: > 0 })
            {
                return;
            }
        }
        catch (OciRegistryException e) when (e.ErrorCode == "RepositoryNotFoundException")
        {
            // Missing: create it below.
        }

        try
        {
            await api.CallAsync(
                "CreateRepository", new EcrCreateRepositoryRequest(account, repository),
                EcrJson.Default.EcrCreateRepositoryRequest, EcrJson.Default.EcrCreateRepositoryAnswer, cancellationToken);
        }
        catch (OciRegistryException e) when (e.ErrorCode == "RepositoryAlreadyExistsException")
        {
            // Created meanwhile by a concurrent push; just as good.
        }
    }

    public override async IAsyncEnumerable<string> ListRepositoriesAsync(RemoteSession session, RepositoryListingHint hint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (Api(session.Endpoint, session.Credential, session.Context) is not { } api)
        {
            throw new OciRegistryException("listing ECR repositories needs the endpoint's access key and secret", HttpStatusCode.Unauthorized, transient: false);
        }

        var account = Account(Root(session.Endpoint.Url).Host);
        var size = Math.Min(session.Connection.Options.PageSize, MaxDescribePage);
        string? next = null;
        do
        {
            var page = await api.CallAsync(
                "DescribeRepositories", new EcrDescribeRepositoriesRequest(account, null, size, next),
                EcrJson.Default.EcrDescribeRepositoriesRequest, EcrJson.Default.EcrDescribeRepositoriesAnswer, cancellationToken);
            foreach (var repository in page?.Repositories ?? [])
            {
                if (!string.IsNullOrEmpty(repository.RepositoryName))
                {
                    yield return repository.RepositoryName;
                }
            }

            next = page?.NextToken is { Length: > 0 } token ? token : null;
        }
        while (next is not null);
    }

    private static EcrApiClient? Api(RegistryEndpoint endpoint, RegistryCredential? credential, RemoteRegistryContext context)
    {
        if (credential is not { AccessKey: { Length: > 0 } key, AccessSecret: { Length: > 0 } secret } ||
            Region(Root(endpoint.Url).Host) is not { } region)
        {
            return null;
        }

        return new EcrApiClient(context.Http, context.Hosted.EcrApi(region), region, key, secret, context.Clock, context.Options.RequestTimeout);
    }

    [GeneratedRegex(@"^(?<account>\d{12})\.dkr\.ecr(-fips)?\.(?<region>[a-z0-9-]+)\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EcrHost();
}
