using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Http.Scanning;

/// <summary>
/// A stand-in Trivy server on loopback (no Trivy exists here): Trivy's <c>GET /healthz</c>, answered only to callers
/// that send the server token in Trivy's default <c>Trivy-Token</c> header, counting those it served.
/// </summary>
public sealed class StandInTrivyServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _served;

    private StandInTrivyServer(WebApplication app, string token)
    {
        _app = app;
        Token = token;
    }

    public string Token { get; }

    public Uri Url { get; private set; } = null!;

    public int Served => Volatile.Read(ref _served);

    public static async Task<StandInTrivyServer> StartAsync(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new StandInTrivyServer(app, token);
        app.MapGet("/healthz", (HttpRequest request) =>
        {
            if (request.Headers["Trivy-Token"] != server.Token)
            {
                return Results.Text("invalid token", statusCode: StatusCodes.Status401Unauthorized);
            }

            Interlocked.Increment(ref server._served);
            return Results.Text("ok");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        server.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
