using ArtifactKeeper.Tests.Http.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ArtifactKeeper.Tests.Http.Scanning;

/// <summary>
/// A stand-in Trivy server on loopback (no Trivy exists here): Trivy's <c>GET /healthz</c>, answered only to callers
/// that send the server token in Trivy's default <c>Trivy-Token</c> header, counting those it served.
/// </summary>
public sealed class StandInTrivyServer : IAsyncDisposable
{
    private LoopbackStandInHost _host = null!;
    private int _served;

    private StandInTrivyServer(string token) => Token = token;

    public string Token { get; }

    public Uri Url => _host.BaseAddress;

    public int Served => Volatile.Read(ref _served);

    public static async Task<StandInTrivyServer> StartAsync(string token)
    {
        var server = new StandInTrivyServer(token);
        server._host = await LoopbackStandInHost.StartAsync(app => app.MapGet("/healthz", (HttpRequest request) =>
        {
            if (request.Headers["Trivy-Token"] != server.Token)
            {
                return Results.Text("invalid token", statusCode: StatusCodes.Status401Unauthorized);
            }

            Interlocked.Increment(ref server._served);
            return Results.Text("ok");
        }));
        return server;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
