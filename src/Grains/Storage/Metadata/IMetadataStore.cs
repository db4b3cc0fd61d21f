using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>Tags and manifests of repositories; written by the repository grain before it acknowledges.</summary>
public interface IRepositoryMetadata
{
    Task<RepositorySnapshot> LoadRepositoryAsync(string repository, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the manifest (idempotent by digest) and, when <paramref name="tag"/> is set, points the
    /// tag at it; creates the repository row on first use. One transaction.
    /// </summary>
    Task PutManifestAsync(ManifestRecord manifest, string? tag, CancellationToken cancellationToken);

    /// <summary>Deletes a manifest and every tag pointing at it. One transaction.</summary>
    Task DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken);

    Task DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken);
}

/// <summary>Blob rows and their repository links; written by the blob grain.</summary>
public interface IBlobMetadata
{
    Task<BlobRecord?> GetBlobAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Inserts or updates the blob row (size, state, last touched).</summary>
    Task SaveBlobAsync(string digest, long size, BlobState state, DateTimeOffset lastTouched, CancellationToken cancellationToken);

    /// <summary>Saves the blob row and links it to <paramref name="repository"/> in one transaction.</summary>
    Task SaveBlobAndLinkAsync(string digest, long size, BlobState state, DateTimeOffset lastTouched, string repository, CancellationToken cancellationToken);

    Task UnlinkBlobAsync(string digest, string repository, CancellationToken cancellationToken);

    /// <summary>Removes the row of a blob whose bytes GC removed (only while it is Deleting), with any links left.</summary>
    Task DeleteBlobAsync(string digest, CancellationToken cancellationToken);
}

/// <summary>Open upload sessions; written by the upload grain.</summary>
public interface IUploadMetadata
{
    Task<UploadRecord?> GetUploadAsync(string id, CancellationToken cancellationToken);

    Task SaveUploadAsync(UploadRecord upload, CancellationToken cancellationToken);

    Task DeleteUploadAsync(string id, CancellationToken cancellationToken);

    /// <summary>Uploads last updated before <paramref name="cutoff"/>, oldest first.</summary>
    Task<IReadOnlyList<UploadRecord>> ListStaleUploadsAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken);
}

/// <summary>Projects; written by the project grain.</summary>
public interface IProjectMetadata
{
    Task<ProjectRecord?> GetProjectAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates the project, or returns null when the name is taken.</summary>
    Task<ProjectRecord?> TryCreateProjectAsync(string name, string ownerName, IReadOnlyDictionary<string, string> metadata, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Creates the project with its storage quota (<paramref name="storageLimit"/> bytes, -1 unlimited) in one transaction; null when the name is taken.</summary>
    Task<ProjectRecord?> TryCreateProjectAsync(
        string name, string ownerName, IReadOnlyDictionary<string, string> metadata, long storageLimit, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Replaces the project's metadata and update time; null when there is no such project.</summary>
    Task<ProjectRecord?> UpdateProjectMetadataAsync(string name, IReadOnlyDictionary<string, string> metadata, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes the project unless it still has repositories; one transaction.</summary>
    Task<ProjectDeleteOutcome> TryDeleteProjectAsync(string name, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IProjectMetadata.TryDeleteProjectAsync"/> did.</summary>
public enum ProjectDeleteOutcome
{
    Deleted = 0,
    NotFound,
    HasRepositories,
}

/// <summary>Local users.</summary>
public interface IUserMetadata
{
    Task<UserRecord?> GetUserAsync(string username, CancellationToken cancellationToken);

    /// <summary>Creates the user unless one with that name exists; returns the stored row either way.</summary>
    Task<UserRecord> EnsureUserAsync(string username, string passwordHash, bool isAdmin, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Replaces the user's password hash; false when there is no such user.</summary>
    Task<bool> SetPasswordHashAsync(string username, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Deletes the user; false when there was none.</summary>
    Task<bool> DeleteUserAsync(string username, CancellationToken cancellationToken);
}

/// <summary>Small named values the whole cluster must agree on (e.g. the token signing key).</summary>
public interface ISettingsMetadata
{
    /// <summary>Returns the stored value, storing <paramref name="value"/> first when there is none.</summary>
    Task<string> GetOrAddSettingAsync(string key, string value, CancellationToken cancellationToken);
}

/// <summary>Robot accounts; written by the robot grains, listed by the Harbor API.</summary>
public interface IRobotMetadata
{
    Task<RobotRecord?> GetRobotAsync(long robotId, CancellationToken cancellationToken);

    /// <summary>The id of the robot with this stored name (no <c>robot$</c> prefix), or null.</summary>
    Task<long?> FindRobotIdAsync(string name, CancellationToken cancellationToken);

    /// <summary>Inserts the robot (its <see cref="RobotRecord.RobotId"/> is ignored); null when the name is taken.</summary>
    Task<RobotRecord?> TryCreateRobotAsync(RobotRecord robot, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces description, duration, expiry, disable, permissions, secret hash and update time of the robot
    /// with <see cref="RobotRecord.RobotId"/>; null when there is no such robot.
    /// </summary>
    Task<RobotRecord?> UpdateRobotAsync(RobotRecord robot, CancellationToken cancellationToken);

    Task<bool> DeleteRobotAsync(long robotId, CancellationToken cancellationToken);

    /// <summary>One page of robots matching filters on <see cref="Queries.RobotFields"/>, sorted, and the total.</summary>
    Task<ListPage<RobotRecord>> ListRobotsAsync(ListQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// Users who came from an OpenID Connect provider: the provider's (issuer, subject) pair, the CLI secret (stored
/// as the gateway hands it over, i.e. already encrypted) and the groups the provider reported at the last sign-in.
/// Each row belongs to one <c>users</c> row and goes when that user is deleted.
/// </summary>
public interface IOidcUserMetadata
{
    Task<OidcUserRecord?> FindOidcUserAsync(string issuer, string subject, CancellationToken cancellationToken);

    /// <summary>The OIDC user named <paramref name="username"/>; null for local users and unknown names.</summary>
    Task<OidcUserRecord?> FindOidcUserByNameAsync(string username, CancellationToken cancellationToken);

    /// <summary>The OIDC user with this id; null for local users and unknown ids.</summary>
    Task<OidcUserRecord?> FindOidcUserByIdAsync(long userId, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the <c>users</c> row (with <see cref="OidcUserRecord.NoPassword"/>, so no password ever matches) and
    /// its OIDC row in one transaction. Refuses, changing nothing, when the (issuer, subject) pair is already
    /// onboarded or the username is taken by any user.
    /// </summary>
    Task<OidcOnboardResult> OnboardOidcUserAsync(OidcOnboarding onboarding, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Replaces the stored CLI secret; false when the user is not an OIDC user.</summary>
    Task<bool> SetOidcCliSecretAsync(long userId, string encryptedSecret, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Remembers the groups of the latest sign-in; false when the user is not an OIDC user.</summary>
    Task<bool> SetOidcGroupsAsync(long userId, IReadOnlyList<string> groups, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>Cross-entity reads, answered by the store, never by fanning out over grains (DESIGN §3).</summary>
public interface ICatalogQueries
{
    /// <summary>Repository names in lexical order after <paramref name="last"/>.</summary>
    Task<IReadOnlyList<string>> ListRepositoriesAsync(string? last, int limit, CancellationToken cancellationToken);

    Task<long> CountRepositoriesAsync(string project, CancellationToken cancellationToken);

    /// <summary>One page of the projects the query's visibility allows, filtered and sorted, and the total.</summary>
    Task<ListPage<ProjectListing>> ListProjectsAsync(ProjectListQuery query, CancellationToken cancellationToken);

    /// <summary>The name of the project with this id, or null.</summary>
    Task<string?> FindProjectNameAsync(long projectId, CancellationToken cancellationToken);
}

/// <summary>The whole metadata store: one implementation per backend (SQLite, PostgreSQL).</summary>
public interface IMetadataStore :
    IRepositoryMetadata, IBlobMetadata, IUploadMetadata, IProjectMetadata, IUserMetadata, ISettingsMetadata, ICatalogQueries,
    IUserAccountMetadata, IUserQueries,
    IProjectMemberMetadata, IUserGroupMetadata, IRobotMetadata,
    IAuditMetadata, IOidcUserMetadata,
    ILabelMetadata, IArtifactLabelMetadata,
    IImmutableRuleMetadata,
    IPullMetadata, ISystemQueries, IConfigurationMetadata, IQuotaMetadata, IArtifactMetadata,
    IRetentionMetadata, IScheduleMetadata,
    IGcMetadata, IGcRunMetadata,
    IRepositoryBatchMetadata, IQuotaBatchMetadata, IRetentionFactsMetadata,
    IContentTrustMetadata,
    ICveAllowlistMetadata,
    IScanMetadata,
    IScannerRegistrationMetadata,
    IRegistryEndpointMetadata,
    IReplicationPolicyMetadata,
    IReplicationExecutionMetadata,
    IProxyCacheMetadata
{
    /// <summary>Creates or migrates the schema. Safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
