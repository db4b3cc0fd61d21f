namespace ArtifactKeeper.Scanning.Trivy;

/// <summary>
/// What a <c>trivy+cli</c> registration URL names: the Trivy binary (the path) and, with <c>?server=&lt;url&gt;</c>, a
/// Trivy server the binary runs as a client of (Trivy's client/server mode, <c>trivy image --server</c>: the server
/// keeps the vulnerability database, the client reads the image and prints the same SchemaVersion 2 report).
/// </summary>
public sealed record TrivyCliTarget(string Executable, Uri? Server)
{
    private const string ServerParameter = "server";

    /// <summary>Reads <paramref name="url"/>; null with <paramref name="error"/> saying why when it names no binary or a bad server.</summary>
    public static TrivyCliTarget? Parse(Uri url, out string? error)
    {
        ArgumentNullException.ThrowIfNull(url);
        error = null;
        var executable = Uri.UnescapeDataString(url.AbsolutePath);
        if (executable.Length <= 1 || !string.IsNullOrEmpty(url.Authority))
        {
            error = "the Trivy binary must be an absolute path: trivy+cli:///path/to/trivy";
            return null;
        }

        Uri? server = null;
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = pair.IndexOf('=', StringComparison.Ordinal) is var at and >= 0
                ? (Uri.UnescapeDataString(pair[..at]), Uri.UnescapeDataString(pair[(at + 1)..]))
                : (Uri.UnescapeDataString(pair), string.Empty);
            if (name != ServerParameter || server is not null)
            {
                error = $"a Trivy registration takes one query parameter, {ServerParameter}=<http(s) URL of a Trivy server>: {url.Query}";
                return null;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out server) || server.Scheme is not ("http" or "https") ||
                !string.IsNullOrEmpty(server.Query) || !string.IsNullOrEmpty(server.UserInfo))
            {
                error = $"{ServerParameter} must be the http(s) URL of a Trivy server, without query or user: {value}";
                return null;
            }
        }

        return new TrivyCliTarget(executable, server);
    }
}
