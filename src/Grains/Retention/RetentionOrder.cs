namespace ArtifactKeeper.Retention;

/// <summary>
/// Newest-first orders for the count templates. Every tie is broken down to the key, so the same candidates always
/// give the same result (Harbor's sort is not stable; ours is deterministic): the greater tag wins a tie.
/// </summary>
public sealed class RetentionOrder : IComparer<RetentionCandidate>
{
    private readonly bool _byPull;

    private RetentionOrder(bool byPull) => _byPull = byPull;

    /// <summary>Most recently pushed first.</summary>
    public static RetentionOrder ByPush { get; } = new(false);

    /// <summary>Most recently pulled first; never pulled last; then most recently pushed.</summary>
    public static RetentionOrder ByPull { get; } = new(true);

    public int Compare(RetentionCandidate? x, RetentionCandidate? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var order = 0;
        if (_byPull)
        {
            order = Nullable.Compare(y.PulledAt, x.PulledAt);
        }

        if (order == 0)
        {
            order = y.PushedAt.CompareTo(x.PushedAt);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(y.Tag, x.Tag);
        }

        return order != 0 ? order : string.CompareOrdinal(y.Key, x.Key);
    }
}
