using System.Text;
using System.Text.RegularExpressions;

namespace ArtifactKeeper.Access;

/// <summary>
/// Harbor's rules for local accounts. Each check returns null when the value is acceptable, else the
/// message Harbor gives. Lengths are counted in UTF-8 bytes, as Harbor's Go code counts them.
/// </summary>
public static partial class UserRules
{
    /// <summary>The built-in system admin's id: it cannot be deleted and is left out of listings, as in Harbor.</summary>
    public const long BuiltInAdminId = 1;

    public const int MinPasswordLength = 8, MaxPasswordLength = 128;
    public const int MaxUsernameLength = 255, MaxEmailLength = 255, MaxRealnameLength = 255, MaxCommentLength = 30;

    /// <summary>Characters Harbor refuses in usernames and real names.</summary>
    public const string IllegalNameCharacters = ",\"~#%$";

    private static readonly System.Buffers.SearchValues<char> IllegalNameCharacterSet = System.Buffers.SearchValues.Create(IllegalNameCharacters);

    public const string PasswordPolicyMessage = HarborSecretRule.Message;

    public static string? CheckPassword(string? password)
    {
        if (password is null)
        {
            return PasswordPolicyMessage;
        }

        return HarborSecretRule.IsValid(password) ? null : PasswordPolicyMessage;
    }

    public static string? CheckUsername(string? username)
    {
        if (username is null || !HasLength(username, 1, MaxUsernameLength))
        {
            return "username with illegal length";
        }

        return username.AsSpan().IndexOfAny(IllegalNameCharacterSet) >= 0 ? "username contains illegal characters" : null;
    }

    /// <summary>The profile fields, checked in Harbor's order: email, real name, comment.</summary>
    public static string? CheckProfile(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return CheckEmail(profile.Email) ?? CheckRealname(profile.Realname) ?? CheckComment(profile.Comment);
    }

    public static string? CheckEmail(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "email can't be empty";
        }

        return HasLength(email, 1, MaxEmailLength) && EmailPattern().IsMatch(email) ? null : "email with illegal format";
    }

    public static string? CheckRealname(string? realname)
    {
        if (realname is null || !HasLength(realname, 1, MaxRealnameLength))
        {
            return "realname with illegal length";
        }

        return realname.AsSpan().IndexOfAny(IllegalNameCharacterSet) >= 0 ? "realname contains illegal characters" : null;
    }

    public static string? CheckComment(string? comment) =>
        comment is not null && Encoding.UTF8.GetByteCount(comment) > MaxCommentLength ? "comment with illegal length" : null;

    private static bool HasLength(string value, int min, int max)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return length >= min && length <= max;
    }

    /// <summary>
    /// A local part (dot-separated atoms without specials or whitespace, or a quoted string) and a domain
    /// (dotted labels ending in two or more letters, or a bracketed IPv4 literal), the shape Harbor accepts.
    /// </summary>
    [GeneratedRegex("""^(?:[^<>()\[\]\\.,;:\s@"]+(?:\.[^<>()\[\]\\.,;:\s@"]+)*|".+")@(?:\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\]|(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})$""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EmailPattern();
}
