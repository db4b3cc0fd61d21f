using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// The Kestrel app a stand-in for a hosted service runs in: 127.0.0.1 only, a free port per listener, no logging.
/// The stand-in maps its routes; this starts the app, says where it listens, and stops it on dispose.
/// </summary>
public sealed class LoopbackStandInHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackStandInHost(WebApplication app, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        Addresses = addresses;
    }

    /// <summary>Where each listener answers, as <c>http://127.0.0.1:port/</c>, in the order they were asked for.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The first listener's address.</summary>
    public Uri BaseAddress => Addresses[0];

    /// <summary>Starts an app with <paramref name="listeners"/> loopback listeners after <paramref name="map"/> has set up its routes.</summary>
    public static async Task<LoopbackStandInHost> StartAsync(Action<WebApplication> map, int listeners = 1)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfLessThan(listeners, 1);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            for (var i = 0; i < listeners; i++)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        try
        {
            map(app);
            await app.StartAsync(TestContext.Current.CancellationToken);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .Select(a => new Uri(a.TrimEnd('/') + "/"))
                .ToList();
            return new LoopbackStandInHost(app, addresses);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
