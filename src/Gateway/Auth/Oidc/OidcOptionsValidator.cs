using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>
/// Checks <see cref="OidcOptions"/> when the auth mode is <see cref="AuthMode.Oidc"/>; in other modes the section is
/// ignored, so an unused, half-filled section does not stop the process.
/// </summary>
public sealed class OidcOptionsValidator(IOptions<AuthOptions> auth) : IValidateOptions<OidcOptions>
{
    public ValidateOptionsResult Validate(string? name, OidcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return auth.Value.Mode == AuthMode.Oidc ? Check(options) : ValidateOptionsResult.Success;
    }

    /// <summary>The checks alone, whatever the mode.</summary>
    public static ValidateOptionsResult Check(OidcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = OidcOptions.Section;
        var failures = new List<string>();
        if (!OidcEndpoint.TryParseIssuer(options.Endpoint, out _, out var endpointError))
        {
            failures.Add($"{section}:Endpoint {endpointError}");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{section}:ClientId is required.");
        }

        if (string.IsNullOrEmpty(options.ClientSecret))
        {
            failures.Add($"{section}:ClientSecret is required.");
        }

        if (!options.Scopes.Contains("openid", StringComparer.Ordinal))
        {
            failures.Add($"{section}:Scope must include openid.");
        }

        if (options.AdminGroup.Length > 0 && options.GroupsClaim.Trim().Length == 0)
        {
            failures.Add($"{section}:AdminGroup needs {section}:GroupsClaim: without groups nobody can be in it.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
