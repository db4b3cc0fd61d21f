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
                components = components.Select(c => new HealthComponent(c.Name, c.Healthy ? "healthy" : "unhealthy", c.Error, c.ActiveSilos)),
            });
        });
        return api;
    }
}

/// <summary>Harbor's ComponentHealthStatus, plus the number of active silos on the cluster component.</summary>
internal sealed record HealthComponent(
    [property: System.Text.Json.Serialization.JsonPropertyName("name")] string Name,
    [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status,
    [property: System.Text.Json.Serialization.JsonPropertyName("error"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Error,
    [property: System.Text.Json.Serialization.JsonPropertyName("active_silos"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? ActiveSilos);
