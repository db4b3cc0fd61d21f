using ArtifactKeeper.HarborApi.Artifacts;
using ArtifactKeeper.HarborApi.Gc;
using ArtifactKeeper.HarborApi.Replication;
using ArtifactKeeper.HarborApi.Retention;
using ArtifactKeeper.HarborApi.Scanning;

namespace ArtifactKeeper.HarborApi;

/// <summary>The <c>/api/v2.0</c> group: Harbor's JSON, Harbor's error envelope, one map per swagger tag.</summary>
public static class HarborApiEndpoints
{
    public static IEndpointRouteBuilder MapHarborApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/v2.0");
        api.MapHealthApi();
        api.MapProjectsApi();
        api.MapProjectMetadatasApi();
        api.MapContentTrustApi();
        api.MapCveAllowlistApi();
        api.MapUsersApi();
        api.MapUserManageApi();
        api.MapMembersApi();
        api.MapUserGroupsApi();
        api.MapCurrentUserPermissionsApi();
        api.MapRobotsApi();
        api.MapPermissionsApi();
        api.MapAuditLogsApi();
        api.MapLdapApi();
        api.MapUserCliSecretApi();
        api.MapOidcApi();
        api.MapLabelsApi();
        api.MapArtifactLabelsApi();
        api.MapImmutableTagRulesApi();
        api.MapSystemApis();
        api.MapQuotasApi();
        api.MapHarborArtifacts();
        api.MapRetentionApi();
        api.MapGcApi();
        Replication.ReplicationExecutionsApi.MapReplicationExecutionsApi(api);
        ArtifactKeeper.HarborApi.Scanning.ScanServices.MapHarborScanning(api);
        Scanning.ScannersApi.MapScannersApi(api);
        api.MapVulnerabilityDatabaseApi();
        Replication.RegistriesApi.MapRegistriesApi(api);
        api.MapReplicationPoliciesApi();
        return app;
    }
}
