using ArtifactKeeper.Access;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Auth.Ldap;

/// <summary>
/// Refuses to start in LDAP mode with settings that could never sign anyone in (no URL, no base DN, a broken
/// filter) or that would be spliced unsafely into filters (attribute names). Outside LDAP mode the section is ignored.
/// </summary>
public sealed class LdapOptionsValidator(IOptions<AuthOptions> auth) : IValidateOptions<LdapOptions>
{
    private const int MaxTimeoutSeconds = 300;

    public ValidateOptionsResult Validate(string? name, LdapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (auth.Value.Mode != AuthMode.Ldap)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem with <paramref name="options"/>, each naming its key.</summary>
    public static IReadOnlyList<string> Check(LdapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = LdapOptions.Section;
        var failures = new List<string>();
        if (!LdapUrl.TryParse(options.Url, out _))
        {
            failures.Add($"{s}:Url must be ldap://host[:port], ldaps://host[:port] or host[:port] when {AuthOptions.Section}:Mode is Ldap.");
        }

        if (!LdapDn.TryParse(options.BaseDn, out _))
        {
            failures.Add($"{s}:BaseDn must be a distinguished name such as dc=example,dc=org.");
        }

        if (options.SearchDn.Length > 0 && !LdapDn.TryParse(options.SearchDn, out _))
        {
            failures.Add($"{s}:SearchDn must be a distinguished name, or empty to search anonymously.");
        }

        if (options.SearchDn.Length > 0 && options.SearchPassword.Length == 0)
        {
            // An empty password turns a bind into an unauthenticated one that most servers accept and then answer
            // every search with nothing: every login would fail without a clue why.
            failures.Add($"{s}:SearchPassword is required when SearchDn is set.");
        }

        CheckDnOrEmpty(failures, options.GroupBaseDn, "GroupBaseDn");
        CheckDnOrEmpty(failures, options.GroupAdminDn, "GroupAdminDn");
        CheckFilter(failures, options.Filter, "Filter");
        CheckFilter(failures, options.GroupFilter, "GroupFilter");
        CheckAttribute(failures, options.UidAttribute, "UidAttribute");
        CheckAttribute(failures, options.GroupNameAttribute, "GroupNameAttribute");
        CheckAttribute(failures, options.GroupMembershipAttribute, "GroupMembershipAttribute");
        CheckScope(failures, options.Scope, "Scope");
        CheckScope(failures, options.GroupSearchScope, "GroupSearchScope");
        if (options.TimeoutSeconds is < 1 or > MaxTimeoutSeconds)
        {
            failures.Add($"{s}:TimeoutSeconds must be between 1 and {MaxTimeoutSeconds}.");
        }

        return failures;
    }

    private static void CheckDnOrEmpty(List<string> failures, string value, string key)
    {
        if (value.Length > 0 && !LdapDn.TryParse(value, out _))
        {
            failures.Add($"{LdapOptions.Section}:{key} must be a distinguished name or empty.");
        }
    }

    private static void CheckFilter(List<string> failures, string value, string key)
    {
        if (!LdapFilter.IsWellFormed(value))
        {
            failures.Add($"{LdapOptions.Section}:{key} is not a well-formed LDAP filter (RFC 4515), e.g. (objectClass=person).");
        }
    }

    private static void CheckAttribute(List<string> failures, string value, string key)
    {
        if (!LdapDn.IsAttributeName(value))
        {
            failures.Add($"{LdapOptions.Section}:{key} must be an LDAP attribute name.");
        }
    }

    private static void CheckScope(List<string> failures, LdapScope scope, string key)
    {
        if (!Enum.IsDefined(scope))
        {
            failures.Add($"{LdapOptions.Section}:{key} must be Base, OneLevel or Subtree.");
        }
    }
}
