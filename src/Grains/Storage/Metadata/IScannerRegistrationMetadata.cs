namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Scanner registrations (Harbor's <c>scanner_registration</c>) and which one each project uses. Names and URLs are
/// unique. Exactly one registration is the default: the built-in scanner's row (seeded by the migration, never
/// deleted) until another is made default. Deleting a registration unbinds the projects that used it (they fall
/// back to the default); deleting a project drops its binding.
/// </summary>
public interface IScannerRegistrationMetadata
{
    /// <summary>Every registration, the built-in one first, then by creation time.</summary>
    Task<IReadOnlyList<ScannerRegistrationRecord>> ListScannerRegistrationsAsync(CancellationToken cancellationToken);

    Task<ScannerRegistrationRecord?> GetScannerRegistrationAsync(string uuid, CancellationToken cancellationToken);

    /// <summary>Stores a new, non-default registration; Duplicate when its name or URL is taken.</summary>
    Task<ScannerRegistrationChange> TryCreateScannerRegistrationAsync(ScannerRegistrationRecord registration, CancellationToken cancellationToken);

    /// <summary>Replaces the changeable fields (not uuid, default flag, creation time).</summary>
    Task<ScannerRegistrationChange> TryUpdateScannerRegistrationAsync(ScannerRegistrationRecord registration, CancellationToken cancellationToken);

    /// <summary>Deletes a registration that is neither immutable nor the default; the outcome says which refusal applied.</summary>
    Task<ScannerRegistrationChange> TryDeleteScannerRegistrationAsync(string uuid, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="uuid"/> the only default; NotFound when it does not exist.</summary>
    Task<ScannerRegistrationChange> SetDefaultScannerRegistrationAsync(string uuid, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The registration bound to the project, or null (the project then uses the default).</summary>
    Task<string?> GetProjectScannerAsync(long projectId, CancellationToken cancellationToken);

    /// <summary>Binds the project to a registration; NotFound when the registration does not exist.</summary>
    Task<ScannerRegistrationChange> SetProjectScannerAsync(long projectId, string uuid, CancellationToken cancellationToken);
}

/// <summary>
/// A registration row. <see cref="AccessCredential"/> is stored protected (never the plain secret). An
/// <see cref="Immutable"/> registration (the built-in scanner) cannot be changed or deleted.
/// </summary>
public sealed record ScannerRegistrationRecord(
    string Uuid,
    string Name,
    string Description,
    string Url,
    bool Disabled,
    bool IsDefault,
    string Auth,
    string AccessCredential,
    bool SkipCertVerify,
    bool UseInternalAddr,
    bool Immutable,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime)
{
    /// <summary>The built-in scanner's row, as the migration seeds it.</summary>
    public const string BuiltInUuid = "00000000-0000-0000-0000-00000000a001";

    public const string BuiltInUrl = "builtin://artifactkeeper";

    public bool IsBuiltIn => Url == BuiltInUrl;

    public override string ToString() => $"ScannerRegistrationRecord {{ Uuid = {Uuid}, Name = {Name}, Url = {Url} }}";
}

/// <summary>What a registration command did.</summary>
public enum ScannerRegistrationChange
{
    Changed = 0,
    NotFound,
    Duplicate,
    Immutable,
    IsDefault,
}
