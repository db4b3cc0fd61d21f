namespace ArtifactKeeper.Scanning.Prevention;

/// <summary>What vulnerability prevention does with an artifact that has no successful scan report.</summary>
public enum UnscannedPullRule
{
    /// <summary>Let it be pulled (Harbor's behaviour).</summary>
    Allow,

    /// <summary>Refuse it until a scan succeeded.</summary>
    Block,
}
