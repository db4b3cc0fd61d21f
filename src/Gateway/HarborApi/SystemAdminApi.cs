using ArtifactKeeper.Auth;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi;

/// <summary>The answer of Harbor's system-admin-only endpoints to everyone else.</summary>
public static class SystemAdminApi
{
    /// <summary>401 for wrong or missing credentials, 403 for callers who are not system administrators, null for them.</summary>
    public static IResult? Refusal(RegistryCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Kind == CallerKind.Invalid)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "invalid credentials");
        }

        if (caller.User is null && caller.Robot is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authentication required");
        }

        return caller.IsAdmin ? null : HarborErrorResult.From(RegistryError.Denied, $"{caller.DisplayName} is not a system administrator");
    }
}
