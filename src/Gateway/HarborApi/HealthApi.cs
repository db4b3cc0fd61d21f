using ArtifactKeeper.Health;

namespace ArtifactKeeper.HarborApi;

/// <summary>Harbor's health and ping endpoints; anonymous by design.</summary>
public static class HealthApi
{
    public static RouteGroupBuilder MapHealthApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/ping", () => Results.Text("Pong"));
        api.MapGet("/health", async (ComponentHealth health, CancellationToken cancellationToken) =>
        {
            var components = await health.CheckAsync(cancellationToken);
            var healthy = components.All(c => c.Healthy);
            return Results.Json(new
            {
                status = healthy ? "healthy" : "unhealthy",
                components = components.Select(c => new { name = c.Name, status = c.Healthy ? "healthy" : "unhealthy", error = c.Error }),
            });
        });
        return api;
    }
}
