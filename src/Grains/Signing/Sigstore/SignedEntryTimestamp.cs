using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>
/// Rekor v1's signed entry timestamp (the "inclusion promise"): the log's signature over the canonical JSON
/// <c>{"body","integratedTime","logID","logIndex"}</c> (keys sorted, no spaces), which vouches that the entry was
/// logged at <c>integratedTime</c>.
/// </summary>
public static class SignedEntryTimestamp
{
    /// <summary>
    /// Checks the SET of an entry against the trusted root: the log must be trusted, its key valid at the integrated
    /// time (its <c>validFor</c> must have a start), and the signature must hold. Returns null when it verifies.
    /// </summary>
    public static string? Verify(TrustedRoot root, RekorEntryFields entry, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(entry);
        var log = root.FindLog(entry.LogId);
        if (log is null)
            return $"the Rekor entry's log {Convert.ToHexStringLower(entry.LogId)} is not a transparency log of the trusted root";
        var time = DateTimeOffset.FromUnixTimeSeconds(entry.IntegratedTime);
        if (log.ValidFor.Start is null || !log.ValidFor.Contains(time))
            return $"the transparency log key of {log.BaseUrl} is not valid (validFor {log.ValidFor}) at the integrated time {time:O}";
        var canonical = Canonical(entry);
        return log.Key.VerifyData(canonical, signature, HashAlgorithmName.SHA256)
            ? null
            : "the Rekor signed entry timestamp does not verify with the log's key";
    }

    /// <summary>The bytes the SET signs.</summary>
    public static byte[] Canonical(RekorEntryFields entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // Base64 and hex need no JSON escaping, so the canonical form is plain concatenation.
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{{\"body\":\"{Convert.ToBase64String(entry.Body)}\",\"integratedTime\":{entry.IntegratedTime},\"logID\":\"{Convert.ToHexStringLower(entry.LogId)}\",\"logIndex\":{entry.LogIndex}}}");
        return Encoding.UTF8.GetBytes(text);
    }
}

/// <summary>The fields of a Rekor entry that its SET covers: the canonicalized body, time, log id and global index.</summary>
public sealed record RekorEntryFields(byte[] Body, long IntegratedTime, byte[] LogId, long LogIndex);
