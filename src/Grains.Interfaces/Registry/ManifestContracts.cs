namespace ArtifactKeeper.Registry;

/// <summary>
/// A manifest PUT as the gateway received it (at most 4 MiB, so it may cross a grain call).
/// <paramref name="AllowAbsentChildren"/> lets an index be stored before its child manifests (which are recorded as
/// references all the same, so a child stored later belongs to it); only the proxy-cache fill sets it, as a fleet pulls
/// one platform of a multi-arch image and the others may never be fetched. Client pushes and copies never set it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PutManifestRequest(string Reference, string? ContentType, byte[] Content, bool AllowAbsentChildren = false);

/// <summary>Result of a manifest PUT: the digest it is stored under and the subject it refers to.</summary>
[GenerateSerializer, Immutable]
public sealed record PutManifestResult(RegistryError Error, string? Message, string? Digest, string? Subject)
{
    public bool Succeeded => Error == RegistryError.None;

    public static PutManifestResult Fail(RegistryError error, string message) => new(error, message, null, null);
}

/// <summary>A stored manifest with its bytes, as served to pulls.</summary>
[GenerateSerializer, Immutable]
public sealed record ManifestContent(string Digest, string MediaType, byte[] Content, string? Subject);

/// <summary>One page of a sorted tag list.</summary>
[GenerateSerializer, Immutable]
public sealed record TagPage(IReadOnlyList<string> Tags, bool HasMore);

/// <summary>An OCI descriptor as listed in a referrers index.</summary>
[GenerateSerializer, Immutable]
public sealed record ReferrerDescriptor(
    string MediaType,
    string Digest,
    long Size,
    string? ArtifactType,
    IReadOnlyDictionary<string, string>? Annotations);

/// <summary>Outcome of a repository change that returns nothing else (a delete), with the reason of a refusal.</summary>
[GenerateSerializer, Immutable]
public sealed record RepositoryChangeResult(RegistryError Error, string? Message)
{
    public static RepositoryChangeResult Done { get; } = new(RegistryError.None, null);

    public bool Succeeded => Error == RegistryError.None;

    public static RepositoryChangeResult Fail(RegistryError error, string message) => new(error, message);
}
