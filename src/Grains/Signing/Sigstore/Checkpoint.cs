using System.Security.Cryptography;
using System.Text;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>
/// A log checkpoint in the signed-note format: <c>origin\nsize\nbase64(root)\n[extra lines]\n\n</c>, then one
/// <c>— name base64(keyhint(4) || signature)</c> line per signer. Rekor v1 signs with ECDSA and its signature
/// line names only the host, so its signature is found by the key hint (the first 4 bytes of the log id); Rekor
/// v2 signs with Ed25519 under the note convention, so the signer name must be the origin and the hint
/// <c>SHA-256(name || "\n" || 0x01 || key)[:4]</c>. Other lines (witness cosignatures) are ignored.
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash, byte[] SignedText, IReadOnlyList<(string Name, byte[] Hint, byte[] Signature)> Signatures)
{
    private const string SignaturePrefix = "\u2014 ";

    public static Checkpoint? TryParse(string envelope, out string reason)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var split = envelope.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            reason = "the checkpoint has no signature block";
            return null;
        }

        var text = envelope[..(split + 1)];
        var lines = text.Split('\n');
        if (lines.Length < 4 || lines[0].Length == 0
            || !long.TryParse(lines[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
        {
            reason = "the checkpoint is missing its origin, size or root hash";
            return null;
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            reason = "the checkpoint's root hash is not base64";
            return null;
        }

        if (root.Length != 32)
        {
            reason = "the checkpoint is missing its origin, size or root hash";
            return null;
        }

        var signatures = new List<(string, byte[], byte[])>();
        foreach (var line in envelope[(split + 2)..].Split('\n'))
        {
            if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
                continue;
            var parts = line[SignaturePrefix.Length..].Split(' ');
            if (parts.Length != 2)
                continue;
            try
            {
                var bytes = Convert.FromBase64String(parts[1]);
                if (bytes.Length > 4)
                    signatures.Add((parts[0], bytes[..4], bytes[4..]));
            }
            catch (FormatException)
            {
                // A malformed line is not a signature.
            }
        }

        reason = "";
        return new Checkpoint(lines[0], size, root, Encoding.UTF8.GetBytes(text), signatures);
    }

    /// <summary>Null when a signature line of the log verifies the checkpoint.</summary>
    public string? VerifySignature(TransparencyLogKey log, bool rekorV2)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (rekorV2 || log.Key.Algorithm == KeyAlgorithm.Ed25519)
        {
            var raw = log.Key.SubjectPublicKeyInfo[^32..];
            var hint = SHA256.HashData([.. Encoding.UTF8.GetBytes(Origin), (byte)'\n', 0x01, .. raw])[..4];
            foreach (var (name, keyHint, signature) in Signatures)
            {
                if (name == Origin && keyHint.AsSpan().SequenceEqual(hint) && log.Key.VerifyData(SignedText, signature, HashAlgorithmName.SHA256))
                    return null;
            }

            return $"no signature of the log {Origin} on the checkpoint verifies";
        }

        foreach (var (_, keyHint, signature) in Signatures)
        {
            if (keyHint.AsSpan().SequenceEqual(log.LogId.AsSpan(0, 4)) && log.Key.VerifyData(SignedText, signature, HashAlgorithmName.SHA256))
                return null;
        }

        return "no checkpoint signature verifies with the log's key";
    }
}
