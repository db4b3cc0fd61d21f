namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>
/// A closed validity window from the trusted root (<c>validFor</c>): both ends inclusive, a missing end is open.
/// A missing start is kept as null; whether that is acceptable is the caller's rule (a log key must have one).
/// </summary>
public sealed record TimeRange(DateTimeOffset? Start, DateTimeOffset? End)
{
    public static readonly TimeRange Unbounded = new(null, null);

    public bool Contains(DateTimeOffset time) => (Start is null || time >= Start) && (End is null || time <= End);

    public override string ToString() => $"{Start?.ToString("O") ?? "(no start)"} .. {End?.ToString("O") ?? "(no end)"}";
}
