using System.ComponentModel.DataAnnotations;

namespace ArtifactKeeper.Hosting;

/// <summary>Blob upload sessions (<c>ArtifactKeeper:Uploads</c>).</summary>
public sealed class UploadOptions
{
    public const string Section = "ArtifactKeeper:Uploads";

    /// <summary>An upload untouched for this long is cancelled and its bytes removed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Expiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired uploads are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
