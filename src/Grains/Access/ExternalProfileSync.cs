namespace ArtifactKeeper.Access;

/// <summary>
/// Decides whether what an identity provider reports of a user (email, real name) should replace the stored
/// profile. Only a complete, valid profile is taken: the store keeps emails unique and non-empty, and a directory
/// entry without a usable email must not blank one an administrator set. The comment is the registry's own.
/// </summary>
public static class ExternalProfileSync
{
    /// <summary>The profile to store, or null when nothing should change.</summary>
    public static UserProfile? Update(UserAccount? stored, ExternalProfile? reported)
    {
        if (stored is null || reported is null)
        {
            return null;
        }

        var email = reported.Email?.Trim();
        var realname = string.IsNullOrWhiteSpace(reported.Realname) ? stored.Username : reported.Realname.Trim();
        var candidate = new UserProfile(email ?? string.Empty, realname, stored.Comment);
        if (UserRules.CheckProfile(candidate) is not null)
        {
            return null;
        }

        var unchanged = string.Equals(stored.Email, candidate.Email, StringComparison.OrdinalIgnoreCase)
            && string.Equals(stored.Realname, candidate.Realname, StringComparison.Ordinal);
        return unchanged ? null : candidate;
    }
}
