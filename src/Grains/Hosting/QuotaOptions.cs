using System.ComponentModel.DataAnnotations;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Hosting;

/// <summary>Project storage quotas (<c>ArtifactKeeper:Quota</c>), Harbor's <c>storage_per_project</c> and quota warning.</summary>
public sealed class QuotaOptions : IValidatableObject
{
    public const string Section = "ArtifactKeeper:Quota";

    /// <summary>
    /// The hard limit in bytes a project gets when its creator sets none (or is not a system administrator, as
    /// in Harbor); -1 is unlimited.
    /// </summary>
    public long DefaultStorageLimit { get; set; } = StorageLimits.Unlimited;

    /// <summary>A warning event is recorded when a push takes usage to or past this percent of the limit (Harbor: 85).</summary>
    [Range(1, 100)]
    public int WarningThresholdPercent { get; set; } = 85;

    /// <summary>A default of 0 (or below -1) would refuse every project create; name the key instead.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!StorageLimits.IsValid(DefaultStorageLimit))
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(DefaultStorageLimit)} must be -1 (unlimited) or a positive number of bytes.", [nameof(DefaultStorageLimit)]);
        }
    }
}
