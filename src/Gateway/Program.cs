using ArtifactKeeper.Hosting;
using ArtifactKeeper.Hosting.Cluster;

var builder = WebApplication.CreateBuilder(args);

// Embedded mode (the default) co-hosts a silo with SQLite metadata and filesystem blobs under ./data;
// cluster mode makes this process a stateless Orleans client of the silos.
if (builder.Configuration.GetDeploymentMode() == DeploymentMode.Cluster)
{
    builder.AddArtifactKeeperClient();
}
else
{
    builder.AddArtifactKeeperSilo();
}

builder.AddArtifactKeeperGateway();

var app = builder.Build();
app.MapArtifactKeeper();
await app.RunAsync();

/// <summary>Entry point type, public so WebApplicationFactory can find it.</summary>
public partial class Program;
