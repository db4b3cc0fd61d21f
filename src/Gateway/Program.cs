using ArtifactKeeper.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Embedded mode: this process co-hosts the silo, SQLite metadata and filesystem blobs under ./data.
builder.AddArtifactKeeperSilo();
builder.AddArtifactKeeperGateway();

var app = builder.Build();
app.MapArtifactKeeper();
await app.RunAsync();

/// <summary>Entry point type, public so WebApplicationFactory can find it.</summary>
public partial class Program;
