namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Content-trust policies per project; written by the project's content-trust grain. The document is the policy as
/// the API shows it (validated JSON, stored as text so it reads back exactly); the store counts its versions. A
/// project's policy goes with the project.
/// </summary>
public interface IContentTrustMetadata
{
    /// <summary>The project's policy, or null when none was ever stored.</summary>
    Task<ContentTrustRecord?> GetContentTrustPolicyAsync(long projectId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="document"/> as the project's policy with the next version (1 for the first), in one
    /// statement; null when the project does not exist.
    /// </summary>
    Task<ContentTrustRecord?> SaveContentTrustPolicyAsync(long projectId, string document, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A stored content-trust policy: the document, its version and when it last changed.</summary>
public sealed record ContentTrustRecord(string Document, long Version, DateTimeOffset UpdateTime);
