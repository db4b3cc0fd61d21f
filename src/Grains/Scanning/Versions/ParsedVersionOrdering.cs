namespace ArtifactKeeper.Scanning.Versions;

/// <summary>
/// An ordering over a parsed form: strings the scheme rejects never reach <see cref="CompareParsed"/>; they sort
/// before every valid version and ordinally among themselves, so <see cref="Compare"/> stays total.
/// </summary>
public abstract class ParsedVersionOrdering<TVersion> : IVersionOrdering
    where TVersion : class
{
    public abstract string Scheme { get; }

    public bool IsValid(string? version) => version is not null && Parse(version) is not null;

    public int Compare(string? a, string? b)
    {
        var left = a is null ? null : Parse(a);
        var right = b is null ? null : Parse(b);
        if (left is not null && right is not null)
            return Math.Sign(CompareParsed(left, right));
        if (left is not null)
            return 1;
        if (right is not null)
            return -1;
        return Math.Sign(string.CompareOrdinal(a, b));
    }

    public bool TryCompare(string? a, string? b, out int result)
    {
        var left = a is null ? null : Parse(a);
        var right = b is null ? null : Parse(b);
        result = left is not null && right is not null ? Math.Sign(CompareParsed(left, right)) : 0;
        return left is not null && right is not null;
    }

    /// <summary>The parsed version, or null when the scheme rejects the string. Must not throw.</summary>
    protected abstract TVersion? Parse(string version);

    protected abstract int CompareParsed(TVersion a, TVersion b);
}
