namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// What a quota listing filters and sorts on: Harbor's <c>reference_id</c> (the project id) and the sort keys
/// Harbor's quota list accepts (<c>hard.storage</c>, <c>used.storage</c> and the row's own columns).
/// </summary>
public static class QuotaFields
{
    public const string Id = "id", ReferenceId = "reference_id", CreationTime = "creation_time", UpdateTime = "update_time",
        HardStorage = "hard.storage", UsedStorage = "used.storage";

    public static readonly IReadOnlySet<string> Sortable =
        new HashSet<string>([Id, CreationTime, UpdateTime, HardStorage, UsedStorage], StringComparer.Ordinal);
}
