using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Oidc;
using ArtifactKeeper.Configuration;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Oci;
using ArtifactKeeper.Registry;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.HarborApi;

/// <summary>Harbor's "systeminfo" tag: general info (anyone), storage volumes (system admin), the CA certificate.</summary>
public static class SystemInfoApi
{
    public static RouteGroupBuilder MapSystemInfoApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/systeminfo", GetAsync);
        api.MapGet("/systeminfo/volumes", VolumesAsync);
        api.MapGet("/systeminfo/getcert", GetCertAsync);
        return api;
    }

    /// <summary>
    /// Harbor's rule: anyone may ask; only authenticated callers get the "protected" fields (version, URLs, storage
    /// provider, creation restriction, read-only state, time).
    /// </summary>
    private static async Task<IResult> GetAsync(
        HttpContext context, RegistryAuthenticator authenticator, SystemSettings settings, IOptions<AuthOptions> auth, IOptions<OidcOptions> oidc,
        OciLocations locations, StorageVolumes volumes, TimeProvider clock)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Invalid)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "invalid credentials");
        }

        var mode = auth.Value.Mode;
        var info = new GeneralInfoModel(
            ConfigurationView.AuthModeName(mode), false, false, string.Empty, mode == AuthMode.Oidc ? oidc.Value.Name : string.Empty);
        if (caller.User is null && caller.Robot is null)
        {
            return Results.Json(info);
        }

        var externalUrl = locations.BaseUrl(context);
        var scheme = externalUrl.IndexOf("://", StringComparison.Ordinal);
        var editable = await settings.GetAsync(context.RequestAborted);
        return Results.Json(info with
        {
            CurrentTime = clock.GetUtcNow().UtcDateTime,
            ExternalUrl = externalUrl,
            RegistryUrl = scheme < 0 ? externalUrl : externalUrl[(scheme + 3)..],
            ProjectCreationRestriction = EditableSettings.Format(editable.ProjectCreationRestriction),
            HasCaRoot = false,
            HarborVersion = ProductVersion.Current,
            RegistryStorageProviderName = volumes.ProviderName,
            ReadOnly = false,
            NotificationEnable = false,
            WithNotary = false,
            WithChartMuseum = false,
        });
    }

    private static async Task<IResult> VolumesAsync(HttpContext context, RegistryAuthenticator authenticator, StorageVolumes volumes)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SystemAdminApi.Refusal(caller) is { } refusal)
        {
            return refusal;
        }

        return Results.Json(new SystemInfoModel([volumes.Measure()]));
    }

    /// <summary>This registry holds no CA certificate to hand out: Harbor's answer when none is there.</summary>
    private static IResult GetCertAsync() => HarborErrorResult.Write(StatusCodes.Status404NotFound, "NOT_FOUND", "no CA certificate is configured");
}
