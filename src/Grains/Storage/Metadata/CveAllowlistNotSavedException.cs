namespace ArtifactKeeper.Storage.Metadata;

/// <summary>Aborts an allowlist save inside its transaction, so every list of the save rolls back; never leaves the store.</summary>
internal sealed class CveAllowlistNotSavedException(CveAllowlistSaveOutcome outcome, long scope)
    : Exception($"CVE allowlist of scope {scope} not saved: {outcome}")
{
    public CveAllowlistSaveOutcome Outcome { get; } = outcome;

    public long Scope { get; } = scope;
}
