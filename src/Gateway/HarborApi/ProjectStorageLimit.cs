using ArtifactKeeper.Projects;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// The storage limit a new project gets, by Harbor's rule: the <c>storage_limit</c> a system administrator
/// asks for, else (absent, 0, or a caller who is not a system administrator) the configured default; then
/// it must be -1 (unlimited) or a positive number of bytes.
/// </summary>
public static class ProjectStorageLimit
{
    public static bool TryResolve(long? requested, bool callerIsAdmin, long configuredDefault, out long limit, out string? error)
    {
        limit = requested is { } asked && asked != 0 && callerIsAdmin ? asked : configuredDefault;
        error = StorageLimits.IsValid(limit)
            ? null
            : $"invalid value {limit} for storage_limit: use -1 (unlimited) or a positive number of bytes";
        return error is null;
    }
}
