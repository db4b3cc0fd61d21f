using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Signing.Trust;

/// <summary>
/// One project's content trust. A grain of its own rather than part of the project grain: verification is CPU work
/// and reads signature layers, and it must not queue behind (or hold up) the project grain's role lookups that
/// every authorization asks. The policy is loaded on activation and written through before a change is
/// acknowledged; verdicts are cached per (repository, digest, policy version) and dropped when a signature of the
/// artifact is pushed or deleted.
/// </summary>
[GrainType("content-trust")]
public sealed class ContentTrustGrain(
    IContentTrustMetadata store,
    IProjectMetadata projects,
    IEnumerable<ISignatureVerifier> verifiers,
    IBlobStore blobs,
    IGrainFactory grains,
    TimeProvider clock,
    ILogger<ContentTrustGrain> logger) : Grain, IContentTrustGrain
{
    /// <summary>Artifacts whose verdicts are kept; the least recently checked go first.</summary>
    public const int CacheCapacity = 10_000;

    private readonly VerdictCache _cache = new(CacheCapacity);
    private readonly SignatureJudge _judge = new(verifiers);
    private readonly SignatureDiscovery _discovery = new(grains, blobs);
    private string _document = ContentTrustPolicyDocument.Empty;
    private ContentTrustPolicy _policy = ContentTrustPolicy.None;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var project = await projects.GetProjectAsync(Name, cancellationToken);
        if (project is not null && await store.GetContentTrustPolicyAsync(project.ProjectId, cancellationToken) is { } stored)
        {
            Apply(stored);
        }
    }

    public Task<ContentTrustPolicyView> GetPolicyAsync() => Task.FromResult(new ContentTrustPolicyView(_document, _policy.Version));

    public async Task<ContentTrustPolicyResult> TrySetPolicyAsync(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!ContentTrustPolicyDocument.TryNormalize(document, out var normalized, out var error))
        {
            return new ContentTrustPolicyResult(RegistryError.BadRequest, error, _policy.Version);
        }

        var project = await projects.GetProjectAsync(Name, CancellationToken.None);
        var saved = project is null
            ? null
            : await store.SaveContentTrustPolicyAsync(project.ProjectId, normalized, clock.GetUtcNow(), CancellationToken.None);
        if (saved is null)
        {
            return new ContentTrustPolicyResult(RegistryError.ProjectNotFound, $"project {Name} not found", _policy.Version);
        }

        Apply(saved);
        _cache.Clear();
        logger.LogInformation("Content-trust policy of project {Project} is now version {Version}", Name, saved.Version);
        return new ContentTrustPolicyResult(RegistryError.None, null, saved.Version);
    }

    public async Task<PullVerdict> CheckPullAsync(PullCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var verdicts = await VerdictsAsync(check.Repository, check.Digest);
        return PullRequirement.Decide(check.Digest, verdicts, check.RequireCosign, check.RequireNotation);
    }

    public Task<IReadOnlyList<SignatureVerdict>> ListSignaturesAsync(string repository, string digest) => VerdictsAsync(repository, digest);

    public Task SignaturesChangedAsync(string repository, string subjectDigest)
    {
        _cache.Invalidate(repository, subjectDigest);
        return Task.CompletedTask;
    }

    public Task ProjectDeletedAsync()
    {
        _document = ContentTrustPolicyDocument.Empty;
        _policy = ContentTrustPolicy.None;
        _cache.Clear();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<SignatureVerdict>> VerdictsAsync(string repository, string digest)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(digest);
        var policy = _policy;
        if (_cache.TryGet(repository, digest, policy.Version, out var cached))
        {
            return cached;
        }

        var generation = _cache.Generation;
        var found = await _discovery.FindAsync(repository, digest, CancellationToken.None);
        var verdicts = _judge.Judge(found, new SignedSubject(repository, digest), policy, clock.GetUtcNow());
        _cache.Put(repository, digest, policy.Version, verdicts, generation);
        return verdicts;
    }

    private void Apply(ContentTrustRecord record)
    {
        _document = record.Document;
        _policy = ContentTrustPolicyDocument.ToPolicy(record.Document, record.Version);
    }
}
