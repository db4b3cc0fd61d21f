using ArtifactKeeper.Hosting;
using Microsoft.Extensions.Hosting;

// A silo without the HTTP gateway. Cluster mode (PostgreSQL clustering, S3) arrives in a later issue;
// today this hosts the same embedded silo the gateway co-hosts.
var builder = Host.CreateApplicationBuilder(args);
builder.AddArtifactKeeperSilo();
await builder.Build().RunAsync();
