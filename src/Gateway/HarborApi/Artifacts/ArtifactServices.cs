namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>Registers and maps Harbor's repository and artifact API.</summary>
public static class ArtifactServices
{
    public static IServiceCollection AddHarborArtifacts(this IServiceCollection services)
    {
        services.AddSingleton<ArtifactScope>();
        services.AddSingleton<ArtifactConfigReader>();
        services.AddSingleton<ArtifactAssembler>();
        services.AddSingleton<ArtifactAdditionReader>();
        services.AddSingleton<ArtifactDeleter>();
        services.AddSingleton<ArtifactCopier>();
        services.AddSingleton<ArtifactAudit>();
        return services;
    }

    public static RouteGroupBuilder MapHarborArtifacts(this RouteGroupBuilder api) =>
        api.MapRepositoriesApi().MapArtifactsApi().MapArtifactTagsApi().MapArtifactExtrasApi().MapArtifactSignaturesApi();
}
