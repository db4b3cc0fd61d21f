namespace ArtifactKeeper.Oci;

/// <summary>Reads the <c>n</c> and <c>last</c> query parameters shared by tag and catalog listings.</summary>
public static class OciPaging
{
    /// <summary>Largest page served, whatever <c>n</c> asks for.</summary>
    public const int MaxPageSize = 10_000;

    public static bool TryRead(HttpRequest request, out int? n, out string? last)
    {
        ArgumentNullException.ThrowIfNull(request);
        n = null;
        last = request.Query.TryGetValue("last", out var lastValue) && lastValue.Count > 0 ? lastValue.ToString() : null;
        if (!request.Query.TryGetValue("n", out var nValue) || nValue.Count == 0 || string.IsNullOrEmpty(nValue.ToString()))
        {
            return true;
        }

        if (!int.TryParse(nValue.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        n = Math.Min(parsed, MaxPageSize);
        return true;
    }
}
