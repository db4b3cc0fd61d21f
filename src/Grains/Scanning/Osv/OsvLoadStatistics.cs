namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// What a load read: JSON documents seen, distinct records kept, duplicates of an id already read, withdrawn records
/// dropped, documents skipped as unreadable (not JSON, no id, over the size limit) and other files ignored, with the
/// first few problems named.
/// </summary>
public sealed record OsvLoadStatistics(
    int Documents,
    int Records,
    int Duplicates,
    int Withdrawn,
    int Invalid,
    int Ignored,
    IReadOnlyList<string> Problems)
{
    public static readonly OsvLoadStatistics None = new(0, 0, 0, 0, 0, 0, []);
}
