namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// What makes a scan request acceptable (the adapter answers 422 with the message otherwise): an absolute http(s)
/// registry URL, a repository, a digest of the form <c>algorithm:hex</c>, and, when capabilities are named, only the
/// vulnerability capability with a report type this adapter writes.
/// </summary>
public static class AdapterScanRequestRules
{
    public static string? Check(AdapterScanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Registry?.Url))
        {
            return "missing registry.url";
        }

        if (!Uri.TryCreate(request.Registry.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return "invalid registry.url";
        }

        if (string.IsNullOrWhiteSpace(request.Artifact?.Repository))
        {
            return "missing artifact.repository";
        }

        if (string.IsNullOrWhiteSpace(request.Artifact.Digest))
        {
            return "missing artifact.digest";
        }

        if (!IsDigest(request.Artifact.Digest))
        {
            return "invalid artifact.digest";
        }

        foreach (var capability in request.EnabledCapabilities ?? [])
        {
            if (capability.Type is not null && capability.Type != "vulnerability")
            {
                return $"unsupported capability: {capability.Type}";
            }

            if (capability.ProducesMimeTypes.FirstOrDefault(type => !AdapterMimeTypes.ReportTypes.Any(known => AdapterMimeTypes.SameType(known, type))) is { } unknown)
            {
                return $"unsupported report mime type: {unknown}";
            }
        }

        return null;
    }

    private static bool IsDigest(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < digest.Length - 1 &&
               digest[..colon].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '+' or '.' or '_' or '-') &&
               digest[(colon + 1)..].All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiLetterOrDigit(c) || c is '=' or '_' or '-');
    }
}
