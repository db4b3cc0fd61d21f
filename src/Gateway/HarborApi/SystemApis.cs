namespace ArtifactKeeper.HarborApi;

/// <summary>Harbor's system-wide tags: systeminfo, statistic, search, configure.</summary>
public static class SystemApis
{
    public static RouteGroupBuilder MapSystemApis(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapSystemInfoApi();
        api.MapStatisticsApi();
        api.MapSearchApi();
        api.MapConfigurationsApi();
        return api;
    }
}
