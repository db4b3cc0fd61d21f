namespace ArtifactKeeper.Projects.Quotas;

/// <summary>Harbor's quota wording and the warning threshold rule, apart from any storage or grain.</summary>
public static class QuotaRules
{
    /// <summary>Harbor's refusal: what was asked, the usage it would join and the limit it would pass.</summary>
    public static string ExceededMessage(long adding, long used, long hard) =>
        $"Quota exceeded when processing the request of adding {StorageSize.Format(adding)} of storage resource, " +
        $"which when updated to current usage of {StorageSize.Format(used)} will exceed the configured upper limit of {StorageSize.Format(hard)}.";

    /// <summary>Harbor's quota warning detail.</summary>
    public static string WarningMessage(int percent, long used, long hard) =>
        $"quota usage reach {percent}%: resource storage used {StorageSize.Format(used)} of {StorageSize.Format(hard)}";

    /// <summary>Whether usage moving from <paramref name="before"/> to <paramref name="after"/> reaches the threshold from below.</summary>
    public static bool CrossesWarning(long before, long after, long hard, int percent)
    {
        if (hard <= 0 || percent is < 1 or > 100)
        {
            return false;
        }

        // Compared as before*100 < hard*percent <= after*100, in decimal so large limits cannot overflow.
        var threshold = (decimal)hard * percent;
        return (decimal)before * 100 < threshold && (decimal)after * 100 >= threshold;
    }
}
