using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Ldap;
using ArtifactKeeper.Health;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.HarborApi;

/// <summary>Harbor's health and ping endpoints; anonymous by design.</summary>
public static class HealthApi
{
    public static RouteGroupBuilder MapHealthApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/ping", () => Results.Text("Pong"));
        api.MapGet("/health", async (ComponentHealth health, IOptions<AuthOptions> auth, LdapDirectory ldap, CancellationToken cancellationToken) =>
        {
            var components = await health.CheckAsync(cancellationToken);
            if (auth.Value.Mode == AuthMode.Ldap)
            {
                // Logins depend on the directory in LDAP mode; the cause goes to the log, not to this anonymous answer.
                var reachable = await ldap.ProbeAsync(cancellationToken);
                components = [.. components, new ComponentStatus("ldap", reachable, reachable ? null : "unavailable")];
            }

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
