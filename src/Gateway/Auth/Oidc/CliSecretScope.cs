using System.Text.RegularExpressions;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>
/// Where a CLI secret counts as credentials, as in Harbor's OIDC CLI security context: registry traffic (<c>/v2</c>,
/// <c>/service/token</c>) and the few API calls replication and CLI tools make. Everywhere else an OIDC user signs
/// in with an ID token, so a leaked CLI secret cannot manage the account (e.g. set a new CLI secret).
/// </summary>
public static partial class CliSecretScope
{
    private const string Api = "/api/v2.0";

    public static bool Allows(string method, PathString path)
    {
        ArgumentNullException.ThrowIfNull(method);
        var value = (path.Value ?? string.Empty).TrimEnd('/');
        if (value == "/service/token" || value == "/v2" || value.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return true;
        }

        if (HttpMethods.IsPost(method))
        {
            return value == Api + "/projects";
        }

        if (HttpMethods.IsGet(method))
        {
            return value is Api + "/projects" or Api + "/systeminfo" or "/api/version" or Api + "/labels"
                || RepositoriesList().IsMatch(value) || ArtifactsList().IsMatch(value);
        }

        return HttpMethods.IsDelete(method) && TagDelete().IsMatch(value);
    }

    [GeneratedRegex(@"^/api/v2\.0/projects/.*/repositories$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoriesList();

    [GeneratedRegex(@"^/api/v2\.0/projects/.*/repositories/.*/artifacts$", RegexOptions.CultureInvariant)]
    private static partial Regex ArtifactsList();

    [GeneratedRegex(@"^/api/v2\.0/projects/.*/repositories/.*/artifacts/.*/tags/.*$", RegexOptions.CultureInvariant)]
    private static partial Regex TagDelete();
}
