namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// A user onboarded from an OpenID Connect provider, with the fields of its <c>users</c> row it is read with.
/// <see cref="EncryptedSecret"/> is the CLI secret as the gateway encrypted it; the store never sees it in clear.
/// </summary>
public sealed record OidcUserRecord(
    long UserId,
    string Username,
    bool IsAdmin,
    string Issuer,
    string Subject,
    string EncryptedSecret,
    IReadOnlyList<string> Groups,
    DateTimeOffset CreationTime,
    DateTimeOffset UpdateTime)
{
    /// <summary>
    /// The <c>password_hash</c> of an OIDC user's <c>users</c> row: not a hash of anything, so no password verifies
    /// against it and the user can only sign in through the provider or with the CLI secret.
    /// </summary>
    public const string NoPassword = "!oidc";

    /// <summary>Value equality including the groups' contents (a record would compare the list by reference).</summary>
    public bool Equals(OidcUserRecord? other) =>
        other is not null
        && (UserId, Username, IsAdmin, Issuer, Subject, EncryptedSecret, CreationTime, UpdateTime)
            == (other.UserId, other.Username, other.IsAdmin, other.Issuer, other.Subject, other.EncryptedSecret, other.CreationTime, other.UpdateTime)
        && Groups.SequenceEqual(other.Groups, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(UserId, Issuer, Subject);
}

/// <summary>What <see cref="IOidcUserMetadata.OnboardOidcUserAsync"/> is asked to create.</summary>
public sealed record OidcOnboarding(string Username, string Issuer, string Subject, string EncryptedSecret, IReadOnlyList<string> Groups);

/// <summary>How an onboarding ended.</summary>
public enum OidcOnboardStatus
{
    Onboarded = 0,
    /// <summary>The (issuer, subject) pair already has a user; <see cref="OidcOnboardResult.User"/> is that user.</summary>
    AlreadyOnboarded,
    /// <summary>Another user (local or OIDC) has the username; nothing was created.</summary>
    UsernameTaken,
}

/// <summary>The outcome of an onboarding and the user it ended with, if any.</summary>
public sealed record OidcOnboardResult(OidcOnboardStatus Status, OidcUserRecord? User);
