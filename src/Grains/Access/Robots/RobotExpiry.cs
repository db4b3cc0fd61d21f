namespace ArtifactKeeper.Access.Robots;

/// <summary>
/// Harbor's robot lifetime: a duration in days, -1 for never; <c>expires_at</c> in unix seconds, -1 for never.
/// </summary>
public static class RobotExpiry
{
    public const long Never = -1;

    public static bool IsValidDuration(long days) => days == Never || (days > 0 && days < int.MaxValue);

    /// <summary>When a robot of <paramref name="days"/> counted from <paramref name="from"/> expires; past year 9999 is the end of time.</summary>
    public static long ExpiresAt(DateTimeOffset from, long days)
    {
        if (days == Never)
        {
            return Never;
        }

        var remaining = DateTimeOffset.MaxValue - from;
        return (remaining.TotalDays <= days ? DateTimeOffset.MaxValue : from.AddDays(days)).ToUnixTimeSeconds();
    }

    public static bool IsExpired(long expiresAt, DateTimeOffset now) => expiresAt != Never && expiresAt <= now.ToUnixTimeSeconds();
}
