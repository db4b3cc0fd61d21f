using Orleans.Concurrency;

namespace ArtifactKeeper.Signing;

/// <summary>
/// One project's content trust, keyed by project name: the trust policy (stored, versioned), the signatures of its
/// artifacts and the verdicts on them, cached per (repository, digest, policy version). The gateway asks it only
/// when a project's metadata switches enforcement on, so projects without a policy never activate it.
/// </summary>
[Alias("signing.content-trust")]
public interface IContentTrustGrain : IGrainWithStringKey
{
    /// <summary>The policy document as stored (Harbor-style snake_case JSON) and its version; version 0 when none was set.</summary>
    [Alias("get-policy")]
    Task<ContentTrustPolicyView> GetPolicyAsync();

    /// <summary>
    /// Validates and stores a new policy document (the body of <c>PUT /projects/{p}/content-trust</c>), bumping the
    /// version; BadRequest with the reason for invalid input (nothing changes), ProjectNotFound without a project.
    /// </summary>
    [Alias("try-set-policy")]
    Task<ContentTrustPolicyResult> TrySetPolicyAsync(string document);

    /// <summary>Whether a pull of <see cref="PullCheck.Digest"/> passes the signature families the project requires.</summary>
    [Alias("check-pull")]
    Task<PullVerdict> CheckPullAsync(PullCheck check);

    /// <summary>Every signature of the artifact with its verdict under the current policy (cached like pull checks).</summary>
    [Alias("list-signatures")]
    Task<IReadOnlyList<SignatureVerdict>> ListSignaturesAsync(string repository, string digest);

    /// <summary>
    /// A signature of <paramref name="subjectDigest"/> was pushed or deleted in <paramref name="repository"/>: drop the
    /// cached verdicts. Interleaves, so a repository grain may call it while this grain waits on that repository.
    /// </summary>
    [Alias("signatures-changed"), AlwaysInterleave]
    Task SignaturesChangedAsync(string repository, string subjectDigest);

    /// <summary>The project was deleted (its stored policy went with it): forget the policy and every verdict, so a new
    /// project of the same name starts with none.</summary>
    [Alias("project-deleted")]
    Task ProjectDeletedAsync();
}

/// <summary>A stored policy document and its version.</summary>
[GenerateSerializer, Immutable]
public sealed record ContentTrustPolicyView(string Document, long Version);

/// <summary>Outcome of a policy change: the new version, or the reason it was refused.</summary>
[GenerateSerializer, Immutable]
public sealed record ContentTrustPolicyResult(ArtifactKeeper.Registry.RegistryError Error, string? Message, long Version)
{
    public bool Succeeded => Error == ArtifactKeeper.Registry.RegistryError.None;
}

/// <summary>A pull to judge: the artifact and the signature families the project's metadata requires.</summary>
[GenerateSerializer, Immutable]
public sealed record PullCheck(string Repository, string Digest, bool RequireCosign, bool RequireNotation);

/// <summary>The decision on a pull; <see cref="Message"/> says what is missing or wrong when it is refused.</summary>
[GenerateSerializer, Immutable]
public sealed record PullVerdict(bool Allowed, string? Message)
{
    public static readonly PullVerdict Allow = new(true, null);
}
