using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Allowlist;

namespace ArtifactKeeper.HarborApi.Scanning;

/// <summary>
/// Turns Harbor-shaped allowlist bodies into grain commands, refusing bad input before anything changes: expiries must
/// be non-negative unix seconds, items must be objects, and the entries must pass <see cref="CveAllowlistRules"/>.
/// </summary>
public static class CveAllowlistInput
{
    public static bool TryRead(CveAllowlistReq body, string actor, bool requireJustification, out CveAllowlistChange? change, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        change = null;
        if (!TryReadItems(body.Items, requireJustification, out var items, out error) || !TryReadTime(body.ExpiresAt, "expires_at", out var expires, out error))
        {
            return false;
        }

        change = new CveAllowlistChange(expires, items, actor);
        return true;
    }

    public static bool TryReadItems(
        IReadOnlyList<CveAllowlistItemReq?>? items, bool requireJustification, out IReadOnlyList<CveAllowlistEntry> entries, out string? error)
    {
        entries = [];
        var read = new List<CveAllowlistEntry>();
        foreach (var item in items ?? [])
        {
            if (item is null)
            {
                error = "an allowlist item must be an object with a cve_id";
                return false;
            }

            if (!TryReadTime(item.ExpiresAt, "items[].expires_at", out var expires, out error))
            {
                return false;
            }

            read.Add(new CveAllowlistEntry(item.CveId ?? string.Empty, item.Justification, expires));
        }

        return CveAllowlistRules.TryNormalize(read, requireJustification, out entries, out error);
    }

    private static bool TryReadTime(long? seconds, string field, out DateTimeOffset? value, out string? error)
    {
        value = null;
        error = null;
        if (seconds is null)
        {
            return true;
        }

        if (seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            error = $"invalid {field}: use unix seconds, or leave it out for never";
            return false;
        }

        value = DateTimeOffset.FromUnixTimeSeconds(seconds.Value);
        return true;
    }
}
