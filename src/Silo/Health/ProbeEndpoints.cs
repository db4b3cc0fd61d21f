namespace ArtifactKeeper.Health;

/// <summary>Kubernetes probes: live while the process serves HTTP, ready once started and every component answers.</summary>
public static class ProbeEndpoints
{
    public static IEndpointRouteBuilder MapProbes(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/health/live", () => Results.Text("Healthy"));
        app.MapGet("/health/ready", async (IHostApplicationLifetime lifetime, ComponentHealth health, CancellationToken cancellationToken) =>
        {
            if (!lifetime.ApplicationStarted.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return Results.Text("Starting", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var components = await health.CheckAsync(cancellationToken);
            return components.All(c => c.Healthy)
                ? Results.Text("Healthy")
                : Results.Text("Unhealthy", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
