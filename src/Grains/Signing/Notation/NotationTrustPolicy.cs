namespace ArtifactKeeper.Signing.Notation;

/// <summary>Notation's verification levels.</summary>
public enum NotationVerificationLevel
{
    Strict,
    Permissive,
    Audit,
    Skip,
}

/// <summary>The checks a level or an override acts on. Integrity is always enforced.</summary>
public enum NotationCheck
{
    Integrity,
    Authenticity,
    AuthenticTimestamp,
    Expiry,
    Revocation,
}

/// <summary>What a failed check does: refuse the signature, only record the failure, or not run.</summary>
public enum NotationAction
{
    Enforce,
    Log,
    Skip,
}

/// <summary>When the RFC 3161 countersignature is verified: always, or only once the signing certificate has expired.</summary>
public enum NotationTimestampMode
{
    Always,
    AfterCertExpiry,
}

/// <summary>A trust store a statement names, <c>type:name</c> with type <c>ca</c>, <c>signingAuthority</c> or <c>tsa</c>.</summary>
public sealed record NotationTrustStoreName(string Type, string Name)
{
    public const string Ca = "ca", SigningAuthority = "signingAuthority", Tsa = "tsa";
}

/// <summary>
/// One statement of a Notation trust policy document (v1.0): the repositories it covers, the verification level
/// and overrides, the timestamp mode, the trust stores and the trusted identities (<c>*</c> or leaf subject DNs).
/// </summary>
public sealed record NotationTrustPolicyStatement(
    string Name,
    IReadOnlyList<string> RegistryScopes,
    NotationVerificationLevel Level,
    IReadOnlyDictionary<NotationCheck, NotationAction> Overrides,
    NotationTimestampMode VerifyTimestamp,
    IReadOnlyList<NotationTrustStoreName> TrustStores,
    IReadOnlyList<DistinguishedName>? TrustedIdentities)
{
    /// <summary>True when any signer identity is trusted (<c>"*"</c>).</summary>
    public bool TrustsAnyIdentity => TrustedIdentities is null;

    /// <summary>What a failure of <paramref name="check"/> does under this statement's level and overrides.</summary>
    public NotationAction ActionFor(NotationCheck check)
    {
        if (check == NotationCheck.Integrity)
            return Level == NotationVerificationLevel.Skip ? NotationAction.Skip : NotationAction.Enforce;
        if (Overrides.TryGetValue(check, out var action))
            return action;
        return (Level, check) switch
        {
            (NotationVerificationLevel.Strict, _) => NotationAction.Enforce,
            (NotationVerificationLevel.Permissive, NotationCheck.Authenticity) => NotationAction.Enforce,
            (NotationVerificationLevel.Permissive, _) or (NotationVerificationLevel.Audit, _) => NotationAction.Log,
            _ => NotationAction.Skip,
        };
    }

    /// <summary>True when the statement names a trust store of <paramref name="type"/>.</summary>
    public bool Names(string type) => TrustStores.Any(s => s.Type == type);
}

/// <summary>A Notation trust policy document: its statements, and which one applies to a repository.</summary>
public sealed record NotationTrustPolicyDocument(IReadOnlyList<NotationTrustPolicyStatement> Statements)
{
    /// <summary>
    /// The policy used when a project sets none: one strict statement for every repository, trusting the whole
    /// trust store as CA, signing-authority and TSA roots and any identity. Timestamps are verified only once the
    /// signing certificate has expired, so signatures without one still verify while their certificate is valid.
    /// </summary>
    public static readonly NotationTrustPolicyDocument Default = new(
    [
        new NotationTrustPolicyStatement(
            "default", ["*"], NotationVerificationLevel.Strict, new Dictionary<NotationCheck, NotationAction>(), NotationTimestampMode.AfterCertExpiry,
            [new(NotationTrustStoreName.Ca, "project"), new(NotationTrustStoreName.SigningAuthority, "project"), new(NotationTrustStoreName.Tsa, "project")],
            null),
    ]);

    /// <summary>
    /// The statement for <paramref name="repository"/> (<c>project/name</c>): one whose scopes name it wins over the
    /// wildcard one. A scope is <c>registry/repository</c>; its registry host is ignored (see <see cref="ScopeMatches"/>).
    /// </summary>
    public NotationTrustPolicyStatement? Select(string repository) =>
        Statements.FirstOrDefault(s => s.RegistryScopes.Any(scope => ScopeMatches(scope, repository)))
        ?? Statements.FirstOrDefault(s => s.RegistryScopes.Contains("*"));

    /// <summary>
    /// True when a non-wildcard scope names <paramref name="repository"/>. The scope's first path segment is the
    /// registry host when it looks like one (has a dot or a port, or is <c>localhost</c>) and is ignored; a scope
    /// written without a host (<c>project/name</c>) is taken as the repository itself.
    /// </summary>
    public static bool ScopeMatches(string scope, string repository)
    {
        if (scope == "*")
            return false;
        var slash = scope.IndexOf('/', StringComparison.Ordinal);
        var path = slash > 0 && LooksLikeHost(scope[..slash]) ? scope[(slash + 1)..] : scope;
        return string.Equals(path, repository, StringComparison.Ordinal);
    }

    private static bool LooksLikeHost(string segment) =>
        segment.Contains('.', StringComparison.Ordinal) || segment.Contains(':', StringComparison.Ordinal) || segment == "localhost";
}
