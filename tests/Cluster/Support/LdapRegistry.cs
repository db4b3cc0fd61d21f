namespace ArtifactKeeper.Tests.Cluster.Support;

/// <summary>A seeded slapd and a gateway in LDAP mode against it, started and stopped together for one test class.</summary>
public sealed class LdapRegistry : IAsyncLifetime
{
    public SlapdServer Slapd { get; } = new();

    public LdapGatewayFactory Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Slapd.InitializeAsync();
        Gateway = new LdapGatewayFactory(Slapd);
        // Starts the host (and its embedded silo) now, so the first test does not pay for it mid-assertion.
        Gateway.Anonymous().Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        await Slapd.DisposeAsync();
    }
}
