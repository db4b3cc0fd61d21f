using System.ComponentModel.DataAnnotations;

namespace ArtifactKeeper.Registry;

/// <summary>Pull counting (<c>ArtifactKeeper:Pulls</c>): Harbor's pull_count and pull_time of artifacts and repositories.</summary>
public sealed class PullRecordingOptions
{
    public const string Section = "ArtifactKeeper:Pulls";

    /// <summary>Off: manifest GETs are not counted (counts recorded before stay).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each gateway adds the pulls it counted to the metadata store, in one batched write.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}
