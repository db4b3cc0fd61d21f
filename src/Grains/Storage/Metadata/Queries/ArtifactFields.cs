namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>The repository fields a Harbor listing may filter and sort on.</summary>
public static class RepositoryFields
{
    public const string Name = "name", ProjectId = "project_id", CreationTime = "creation_time", UpdateTime = "update_time";

    public static readonly IReadOnlySet<string> Filterable = new HashSet<string>([Name, ProjectId], StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Sortable = new HashSet<string>([Name, CreationTime, UpdateTime], StringComparer.Ordinal);
}

/// <summary>
/// The artifact fields a Harbor listing may filter and sort on. <see cref="Tags"/> takes <c>*</c> (tagged),
/// <c>nil</c> (untagged) or a tag name (exact or fuzzy); <see cref="Base"/> <c>*</c> lists children of indexes and
/// accessories too, which are hidden otherwise, as in Harbor.
/// </summary>
public static class ArtifactFields
{
    public const string Tags = "tags", Digest = "digest", MediaType = "media_type", ManifestMediaType = "manifest_media_type",
        Type = "type", Base = "base", PushTime = "push_time";

    public static readonly IReadOnlySet<string> Filterable =
        new HashSet<string>([Tags, Digest, MediaType, ManifestMediaType, Type, Base], StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Sortable = new HashSet<string>([PushTime, Digest], StringComparer.Ordinal);
}

/// <summary>The tag fields a Harbor tag listing may filter and sort on.</summary>
public static class TagFields
{
    public const string Name = "name", PushTime = "push_time";

    public static readonly IReadOnlySet<string> Filterable = new HashSet<string>([Name], StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Sortable = new HashSet<string>([Name, PushTime], StringComparer.Ordinal);
}
