using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Ldap;
using ArtifactKeeper.Auth.Oidc;
using ArtifactKeeper.Configuration;
using ArtifactKeeper.HarborApi;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Artifacts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ArtifactKeeper.Health;
using ArtifactKeeper.Oci;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication.ProxyCache;
using ArtifactKeeper.Scanning;

namespace ArtifactKeeper.Hosting;

/// <summary>Registers and maps the HTTP gateway: OCI, token server, Harbor API, probes.</summary>
public static class GatewayHostingExtensions
{
    public static WebApplicationBuilder AddArtifactKeeperGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Blob uploads are unbounded streams; each endpoint that buffers (manifests, JSON) enforces its own limit.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never);

        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton(sp => new LoginThrottle(sp.GetRequiredService<IOptions<AuthOptions>>().Value.LoginThrottle));
        builder.Services.AddSingleton<CredentialCache>();
        builder.Services.AddSingleton<RobotCredentials>();
        builder.Services.AddLdapAuth();
        builder.Services.AddSingleton<RegistryTokenService>();
        builder.Services.AddSingleton<RegistryAuthenticator>();
        builder.Services.AddOptions<OidcOptions>().BindConfiguration(OidcOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OidcOptions>, OidcOptionsValidator>());
        builder.Services.AddSingleton<OidcProviderClient>();
        builder.Services.AddSingleton<OidcSigningKeys>();
        builder.Services.AddSingleton<OidcUsers>();
        builder.Services.AddSingleton<OidcBearerAuthenticator>();
        builder.Services.AddSingleton<ProjectDirectory>();
        builder.Services.AddSingleton<ProjectPermissionResolver>();
        builder.Services.AddSingleton<ICallerPermissionSource, RobotPermissionSource>();
        builder.Services.AddSingleton<RepositoryAuthorizer>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<RegistryChallenge>();
        builder.Services.AddSingleton<OciLocations>();
        builder.Services.AddSingleton<GrainReferences>();
        builder.Services.AddSingleton<Signing.ContentTrustGate>();
        builder.Services.AddSingleton<Scanning.VulnerabilityVerdictCache>();
        builder.Services.AddSingleton<Scanning.AppliedCveAllowlists>();
        builder.Services.AddSingleton<Scanning.VulnerabilityPullGate>();
        builder.Services.AddSingleton<HarborApi.Scanning.CveAllowlistAudit>();
        builder.Services.AddSingleton<HarborApi.Scanning.ProjectCveAllowlists>();
        builder.Services.AddProxyCache();
        builder.Services.AddSingleton<ProxyCacheProjects>();
        builder.Services.AddSingleton<OciServices>();
        builder.Services.AddSingleton<ComponentHealth>();
        builder.Services.AddSingleton<ProjectResolver>();
        builder.Services.AddSingleton<HarborApi.Retention.RetentionAccess>();
        builder.Services.AddSingleton<UserResolver>();
        builder.Services.AddSingleton<ChangeAudit>();
        builder.Services.AddHarborArtifacts();
        HarborApi.Scanning.ScanServices.AddHarborScanning(builder.Services);
        HarborApi.Replication.RegistriesServices.AddReplicationEndpoints(builder.Services);
        ArtifactKeeper.Replication.Gateway.ReplicationGatewayRegistration.AddReplicationPolicyGateway(builder.Services);
        builder.Services.AddSingleton<AuditRecorder>();
        builder.Services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditRecorder>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditRecorder>());
        builder.AddPullRecording();
        builder.AddSystemApi();
        builder.AddScannerAdapters();
        ArtifactKeeper.Replication.Transfer.Remote.RemoteRegistryRegistration.AddRemoteRegistries(builder.Services);
        builder.Services.AddOptions<ProjectOptions>().BindConfiguration(ProjectOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProjectOptions>, ProjectOptionsValidator>());
        return builder;
    }

    public static WebApplication MapArtifactKeeper(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<LastResortErrorMiddleware>();
        app.UseRouting();
        app.UseMiddleware<LoginThrottleMiddleware>();
        app.MapProbes();
        app.MapTokenEndpoints();
        app.MapOci();
        app.MapHarborApi();
        app.MapScannerAdapterServer();
        return app;
    }
}
