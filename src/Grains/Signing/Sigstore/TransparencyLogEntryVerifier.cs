namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>What a verified log entry proves: the log, and the integrated time when its SET vouched for it.</summary>
public sealed record VerifiedLogEntry(TransparencyLogKey Log, bool RekorV2, DateTimeOffset? IntegratedTime);

/// <summary>
/// Verifies one transparency log entry of a bundle offline: it comes from a log of the trusted root, its body
/// records this signature, its SET (Rekor v1) holds, and its inclusion proof leads to a checkpoint the log
/// signed. Bundle v0.1 needs the SET; v0.2 and later need the inclusion proof; Rekor v2 entries have no SET.
/// </summary>
public static class TransparencyLogEntryVerifier
{
    public static VerifiedLogEntry? Verify(BundleTlogEntry entry, int bundleMinorVersion, TrustedRoot root, SignedClaim claim, out string reason)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(root);
        if (entry.LogIndex < 0 || entry.InclusionProof is { LogIndex: < 0 })
        {
            reason = "the log entry has a negative log index";
            return null;
        }

        var log = root.FindLog(entry.LogId);
        if (log is null)
        {
            reason = $"the log entry comes from log {Convert.ToBase64String(entry.LogId)}, which the trusted root does not trust";
            return null;
        }

        var bodyError = RekorEntryBody.Check(entry.CanonicalizedBody, entry.Kind, entry.Version, claim);
        if (bodyError is not null)
        {
            reason = bodyError;
            return null;
        }

        DateTimeOffset? integrated = null;
        if (entry.IsRekorV2)
        {
            if (entry.InclusionProof is null)
            {
                reason = "the Rekor v2 entry has no inclusion proof";
                return null;
            }
        }
        else
        {
            if (entry.SignedEntryTimestamp is { Length: > 0 } set)
            {
                if (entry.IntegratedTime is not { } time)
                {
                    reason = "the log entry has a signed entry timestamp but no integrated time";
                    return null;
                }

                var error = SignedEntryTimestamp.Verify(root, new RekorEntryFields(entry.CanonicalizedBody, time, entry.LogId, entry.LogIndex), set);
                if (error is not null)
                {
                    reason = error;
                    return null;
                }

                integrated = DateTimeOffset.FromUnixTimeSeconds(time);
            }
            else if (bundleMinorVersion < 2)
            {
                reason = "the v0.1 bundle's log entry has no signed entry timestamp";
                return null;
            }

            if (entry.InclusionProof is null && bundleMinorVersion >= 2)
            {
                reason = "the log entry has no inclusion proof (required from bundle v0.2 on)";
                return null;
            }
        }

        if (entry.InclusionProof is { } proof)
        {
            var proofError = VerifyInclusion(entry, proof, log);
            if (proofError is not null)
            {
                reason = proofError;
                return null;
            }
        }

        reason = "";
        return new VerifiedLogEntry(log, entry.IsRekorV2, integrated);
    }

    private static string? VerifyInclusion(BundleTlogEntry entry, BundleInclusionProof proof, TransparencyLogKey log)
    {
        if (proof.Checkpoint is null)
            return "the inclusion proof has no checkpoint";
        var checkpoint = Checkpoint.TryParse(proof.Checkpoint, out var reason);
        if (checkpoint is null)
            return reason;
        if (checkpoint.Size != proof.TreeSize || !checkpoint.RootHash.AsSpan().SequenceEqual(proof.RootHash))
            return "the checkpoint does not match the inclusion proof's tree";
        var error = MerkleInclusionProof.Verify(MerkleInclusionProof.LeafHash(entry.CanonicalizedBody), proof.LogIndex, proof.TreeSize, proof.Hashes, proof.RootHash);
        return error ?? checkpoint.VerifySignature(log, entry.IsRekorV2);
    }
}
