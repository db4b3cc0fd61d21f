namespace ArtifactKeeper.Registry;

/// <summary>What a cosign legacy tag holds: a signature (<c>.sig</c>), an attestation (<c>.att</c>) or an SBOM (<c>.sbom</c>).</summary>
public enum CosignTagKind
{
    Signature,
    Attestation,
    Sbom,
}

/// <summary>
/// cosign's legacy tag scheme, for registries without the referrers API: the accessories of <c>sha256:&lt;hex&gt;</c>
/// are manifests tagged <c>sha256-&lt;hex&gt;.sig</c>, <c>.att</c> and <c>.sbom</c>. The one place that knows the
/// suffixes; the SQL of <c>ArtifactListSql.TopLevel</c> spells the same three.
/// </summary>
public static class CosignTagScheme
{
    private static readonly (string Suffix, CosignTagKind Kind)[] Suffixes =
        [(".sig", CosignTagKind.Signature), (".att", CosignTagKind.Attestation), (".sbom", CosignTagKind.Sbom)];

    /// <summary>The tag under which cosign keeps <paramref name="subjectDigest"/>'s accessory of <paramref name="kind"/>.</summary>
    public static string TagFor(string subjectDigest, CosignTagKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectDigest);
        return ReferrersTagSchema.TagFor(subjectDigest) + Suffixes.Single(s => s.Kind == kind).Suffix;
    }

    /// <summary>The signature, attestation and SBOM tags of <paramref name="subjectDigest"/>, in that order.</summary>
    public static IReadOnlyList<string> TagsFor(string subjectDigest)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectDigest);
        return Suffixes.Select(s => ReferrersTagSchema.TagFor(subjectDigest) + s.Suffix).ToList();
    }

    /// <summary>The subject digest and kind a cosign tag names, or null when <paramref name="tag"/> is not one.</summary>
    public static (string Subject, CosignTagKind Kind)? Parse(string? tag)
    {
        if (tag is null)
        {
            return null;
        }

        foreach (var (suffix, kind) in Suffixes)
        {
            if (tag.EndsWith(suffix, StringComparison.Ordinal) && SubjectOf(tag.AsSpan(0, tag.Length - suffix.Length)) is { } subject)
            {
                return (subject, kind);
            }
        }

        return null;
    }

    /// <summary>The digest a <c>sha256-&lt;hex&gt;</c> stem names, or null when the hex is not a well-formed sha256 digest.</summary>
    public static string? SubjectOf(ReadOnlySpan<char> stem)
    {
        const string Prefix = "sha256-";
        if (!stem.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var digest = string.Concat("sha256:", stem[Prefix.Length..]);
        return OciGrammar.IsValidDigest(digest) ? digest : null;
    }
}
