using System.Globalization;
using ArtifactKeeper.Oci;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Whether a client's range of a blob being downloaded is far ahead of the download: it starts more than
/// <c>threshold</c> bytes past what has arrived, so waiting for the download to reach it would take long and asking
/// upstream for the range alone is quicker. A range whose start is not known (a suffix, of a blob whose length is not
/// known yet) is not far: it waits like any other.
/// </summary>
public sealed class FarRange(long threshold)
{
    /// <summary>
    /// The <c>bytes=first-last</c> (or <c>bytes=first-</c> when the length is unknown) to ask upstream for, or null when the
    /// client should be served from the download. <paramref name="length"/> is -1 when not known yet.
    /// </summary>
    public string? UpstreamRange(string? header, long arrived, long length)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var known = length >= 0;
        var spec = header.Trim();
        if (!known && spec.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) && spec.AsSpan(6).TrimStart().StartsWith("-"))
        {
            return null;
        }

        // An unknown length is taken as unbounded, which resolves "a-b" and "a-" exactly (their start does not depend on it).
        if (ByteRange.TryResolve(header, known ? length : long.MaxValue, out var range) != ByteRange.Parse.Partial ||
            range.Offset - Math.Max(0, arrived) <= threshold)
        {
            return null;
        }

        var end = range.Offset + range.Length - 1;
        return known || end < long.MaxValue - 1
            ? string.Create(CultureInfo.InvariantCulture, $"bytes={range.Offset}-{end}")
            : string.Create(CultureInfo.InvariantCulture, $"bytes={range.Offset}-");
    }
}
