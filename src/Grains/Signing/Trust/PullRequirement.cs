namespace ArtifactKeeper.Signing.Trust;

/// <summary>
/// Harbor's rule for a pull under content trust: every family the project's metadata enables
/// (<c>enable_content_trust_cosign</c> for cosign, <c>enable_content_trust</c> for Notation) needs at least one
/// verified signature of that family; with both on, both are needed. The refusal names what is missing and why.
/// </summary>
public static class PullRequirement
{
    public static PullVerdict Decide(string digest, IReadOnlyList<SignatureVerdict> verdicts, bool requireCosign, bool requireNotation)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        var problems = new List<string>(2);
        if (requireCosign && Missing(digest, verdicts, SignatureKind.Cosign) is { } cosign)
        {
            problems.Add(cosign);
        }

        if (requireNotation && Missing(digest, verdicts, SignatureKind.Notation) is { } notation)
        {
            problems.Add(notation);
        }

        return problems.Count == 0 ? PullVerdict.Allow : new PullVerdict(false, string.Join("; and ", problems));
    }

    private static string? Missing(string digest, IReadOnlyList<SignatureVerdict> verdicts, SignatureKind kind)
    {
        var family = verdicts.Where(v => v.Kind == kind).ToList();
        if (family.Any(v => v.Verified))
        {
            return null;
        }

        var name = SignatureJudge.Name(kind);
        var reasons = family.Count == 0
            ? $"no {name} signature found"
            : string.Join("; ", family.Select(v => $"{v.Digest}: {v.Reason}"));
        return $"artifact {digest} has no {name} signature verified by the project's policy: {reasons}";
    }
}
