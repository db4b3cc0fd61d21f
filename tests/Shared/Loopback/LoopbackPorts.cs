using System.Net;
using System.Net.Sockets;

namespace ArtifactKeeper.Tests.Shared.Loopback;

/// <summary>Free TCP ports on the loopback interface.</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// A port nobody listens on right now. Another process may take it before the caller binds it; the
    /// fixtures accept that small race rather than passing sockets across process boundaries.
    /// </summary>
    public static int PickFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
