using System.Net;
using ArtifactKeeper.Auth.Oidc;
using ArtifactKeeper.Tests.Http.Support;
using ArtifactKeeper.Tests.Unit.Auth.Oidc;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// The provider's keys are cached: a rotated key is picked up when a token names it, but tokens with unknown key
/// ids make the registry ask the provider at most once per <see cref="OidcSigningKeys.MinRefreshInterval"/>.
/// One factory of its own, since these tests move its clock.
/// </summary>
public sealed class OidcKeyRotationTests(OidcRegistryFactory factory) : IClassFixture<OidcRegistryFactory>
{
    private static readonly TimeSpan PastInterval = OidcSigningKeys.MinRefreshInterval + TimeSpan.FromSeconds(1);

    private async Task<HttpStatusCode> UseAsync(TestSigningKey key)
    {
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        using var client = factory.Bearer(key.Sign(factory.Claims(subject, "rot" + Guid.NewGuid().ToString("N")[..10])));
        using var response = await HarborProjects.CreateAsync(client, new { project_name = HarborProjects.NewName(), metadata = new { @public = "false" } });
        return response.StatusCode;
    }

    [Fact]
    public async Task Rotated_key_is_picked_up_and_the_retired_one_refused()
    {
        Assert.Equal(HttpStatusCode.Created, await UseAsync(factory.RsaKey));
        using var next = TestSigningKey.Rsa("next-" + Guid.NewGuid().ToString("N"));
        factory.Provider.Keys = [next, factory.EcKey];
        factory.Clock.Advance(PastInterval);

        Assert.Equal(HttpStatusCode.Created, await UseAsync(next));
        Assert.Equal(HttpStatusCode.Unauthorized, await UseAsync(factory.RsaKey));
        factory.Provider.Keys = [factory.RsaKey, factory.EcKey];
        factory.Clock.Advance(PastInterval);
        Assert.Equal(HttpStatusCode.Created, await UseAsync(factory.RsaKey));
    }

    [Fact]
    public async Task Flood_of_unknown_key_ids_reaches_the_provider_once_per_interval()
    {
        Assert.Equal(HttpStatusCode.Created, await UseAsync(factory.EcKey));
        factory.Clock.Advance(PastInterval);
        var before = factory.Provider.JwksRequests;

        for (var i = 0; i < 20; i++)
        {
            using var made_up = TestSigningKey.Ec("made-up-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, await UseAsync(made_up));
        }

        Assert.Equal(before + 1, factory.Provider.JwksRequests);
        factory.Clock.Advance(PastInterval);
        using var another = TestSigningKey.Ec("made-up-later");
        Assert.Equal(HttpStatusCode.Unauthorized, await UseAsync(another));
        Assert.Equal(before + 2, factory.Provider.JwksRequests);
    }
}
