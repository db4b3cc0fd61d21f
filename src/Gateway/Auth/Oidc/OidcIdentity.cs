using System.Text.Json;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>
/// Who a valid ID token says the user is, as Harbor reads it: the (issuer, subject) pair that identifies the user
/// for good, the username to onboard with (null when the token has none), the groups, and whether one of them is
/// the admin group.
/// </summary>
public sealed record OidcIdentity(string Issuer, string Subject, string? Username, IReadOnlyList<string> Groups, bool IsAdminGroupMember)
{
    /// <summary>
    /// Maps validated claims: the username from <see cref="OidcOptions.UserClaim"/> when it is a string there, else
    /// from <see cref="OidcOptions.DefaultUserClaim"/>, with blanks turned into underscores as Harbor's onboarding
    /// does; groups from <see cref="OidcOptions.GroupsClaim"/> as an array of strings (other elements skipped) or a
    /// single string, as some providers send one group.
    /// </summary>
    public static OidcIdentity FromClaims(JsonElement claims, OidcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var username = StringOf(claims, options.UserClaim) ?? StringOf(claims, OidcOptions.DefaultUserClaim);
        username = string.IsNullOrWhiteSpace(username) ? null : username.Trim().Replace(' ', '_');
        var groups = GroupsOf(claims, options.GroupsClaim.Trim());
        var admin = options.AdminGroup.Length > 0 && groups.Contains(options.AdminGroup, StringComparer.Ordinal);
        return new OidcIdentity(StringOf(claims, "iss") ?? string.Empty, StringOf(claims, "sub") ?? string.Empty, username, groups, admin);
    }

    /// <summary>Whether <paramref name="groups"/> holds the configured admin group.</summary>
    public static bool IsAdminGroup(IEnumerable<string> groups, OidcOptions options)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        return options.AdminGroup.Length > 0 && groups.Contains(options.AdminGroup, StringComparer.Ordinal);
    }

    private static List<string> GroupsOf(JsonElement claims, string claim)
    {
        if (claim.Length == 0 || claims.ValueKind != JsonValueKind.Object || !claims.TryGetProperty(claim, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray().Where(g => g.ValueKind == JsonValueKind.String).Select(g => g.GetString()!).Distinct(StringComparer.Ordinal).ToList(),
            JsonValueKind.String => [value.GetString()!],
            _ => [],
        };
    }

    private static string? StringOf(JsonElement claims, string name) =>
        name.Length > 0 && claims.ValueKind == JsonValueKind.Object && claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
