using System.Globalization;

namespace ArtifactKeeper.Projects.Quotas;

/// <summary>Bytes as Harbor's quota messages print them: "512 B", "10.0 MiB", "1.5 GiB"; -1 is "unlimited".</summary>
public static class StorageSize
{
    private const string Prefixes = "KMGTPE";

    public static string Format(long bytes)
    {
        if (bytes == StorageLimits.Unlimited)
        {
            return "unlimited";
        }

        if (bytes < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        }

        var exponent = 0;
        var divisor = 1024L;
        for (var n = bytes / 1024; n >= 1024 && exponent < Prefixes.Length - 1; n /= 1024)
        {
            divisor *= 1024;
            exponent++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{(double)bytes / divisor:0.0} {Prefixes[exponent]}iB");
    }
}
