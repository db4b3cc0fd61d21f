using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Harbor's labels (<c>harbor_label</c>): global labels (scope <c>g</c>, no project) and project labels (scope
/// <c>p</c>). A name is unique within its scope and project, case-sensitively. Deleting a project deletes its labels;
/// deleting a label detaches it from every artifact (both by cascade).
/// </summary>
public interface ILabelMetadata
{
    /// <summary>
    /// Stores a new label (its <see cref="LabelRecord.LabelId"/> is ignored) and returns it with its id; null when the
    /// scope (and project) already has a label of that name.
    /// </summary>
    Task<LabelRecord?> TryCreateLabelAsync(LabelRecord label, CancellationToken cancellationToken);

    Task<LabelRecord?> GetLabelAsync(long labelId, CancellationToken cancellationToken);

    /// <summary>Changes name, description and color (scope and project never change).</summary>
    Task<LabelChange> TryUpdateLabelAsync(long labelId, string name, string description, string color, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes the label and every artifact's link to it, in one transaction; false when there is no such label.</summary>
    Task<bool> DeleteLabelAsync(long labelId, CancellationToken cancellationToken);

    /// <summary>One page of labels; filters and sorts use <see cref="LabelFields"/>. Default order: id.</summary>
    Task<ListPage<LabelRecord>> ListLabelsAsync(ListQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// Which labels an artifact carries: links (repository, manifest digest, label id). A link goes when its manifest is
/// deleted (cascade from <c>manifests</c>) or its label is. This is the interface the artifact listing uses for its
/// <c>labels</c> field (<see cref="ListArtifactLabelsAsync"/>) and its <c>q=labels=(1 2)</c> filter
/// (<see cref="FindDigestsWithLabelsAsync"/>).
/// </summary>
public interface IArtifactLabelMetadata
{
    /// <summary>Links the label to the manifest <paramref name="digest"/> of <paramref name="repository"/>.</summary>
    Task<ArtifactLabelChange> TryAddArtifactLabelAsync(string repository, string digest, long labelId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Removes one link; false when the artifact does not carry the label.</summary>
    Task<bool> RemoveArtifactLabelAsync(string repository, string digest, long labelId, CancellationToken cancellationToken);

    /// <summary>
    /// The labels of each of <paramref name="digests"/> in <paramref name="repository"/>, ordered by label id; a digest
    /// without labels (or unknown) is absent from the result.
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<LabelRecord>>> ListArtifactLabelsAsync(
        string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken);

    /// <summary>
    /// The manifest digests of <paramref name="repository"/> carrying every one of <paramref name="labelIds"/>
    /// (<paramref name="matchAll"/>, Harbor's <c>labels=(1 2)</c>) or any of them (<c>labels={1 2}</c>), ordered by digest.
    /// </summary>
    Task<IReadOnlyList<string>> FindDigestsWithLabelsAsync(
        string repository, IReadOnlyCollection<long> labelIds, bool matchAll, CancellationToken cancellationToken);
}

/// <summary>
/// A label row. <see cref="Scope"/> is <c>g</c> or <c>p</c>; <see cref="ProjectId"/> is 0 for a global label.
/// </summary>
public sealed record LabelRecord(
    long LabelId,
    string Name,
    string Description,
    string Color,
    string Scope,
    long ProjectId,
    DateTimeOffset CreationTime,
    DateTimeOffset UpdateTime);

/// <summary>What <see cref="ILabelMetadata.TryUpdateLabelAsync"/> did.</summary>
public enum LabelChange
{
    Changed = 0,
    NotFound,
    Duplicate,
}

/// <summary>What <see cref="IArtifactLabelMetadata.TryAddArtifactLabelAsync"/> did.</summary>
public enum ArtifactLabelChange
{
    Added = 0,
    AlreadyAdded,
    LabelNotFound,
    ArtifactNotFound,
}
