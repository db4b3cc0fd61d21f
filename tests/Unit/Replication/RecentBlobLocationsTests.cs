using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Unit.Replication;

public sealed class RecentBlobLocationsTests
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    [Fact]
    public void One_copy_leads_the_upload_of_a_blob_to_a_registry_and_the_others_wait_for_it()
    {
        var locations = new RecentBlobLocations();
        var destination = new InMemoryOciRegistry();
        var other = new InMemoryOciRegistry();

        Assert.True(locations.TryLeadPush(destination, Digest, out _));
        Assert.False(locations.TryLeadPush(destination, Digest, out var inFlight));
        Assert.False(inFlight.IsCompleted);

        // Another registry, or another blob, is not held up by it.
        Assert.True(locations.TryLeadPush(other, Digest, out _));
        Assert.True(locations.TryLeadPush(destination, Digest.Replace('1', '2'), out _));

        locations.EndPush(destination, Digest);

        Assert.True(inFlight.IsCompleted);
        Assert.True(locations.TryLeadPush(destination, Digest, out var none));
        Assert.True(none.IsCompleted);
    }

    [Fact]
    public void A_waiting_copy_finds_where_the_leader_put_the_blob()
    {
        var locations = new RecentBlobLocations();
        var destination = new InMemoryOciRegistry();
        Assert.True(locations.TryLeadPush(destination, Digest, out _));
        Assert.False(locations.TryLeadPush(destination, Digest, out _));

        locations.Remember(destination, Digest, "team/first");
        locations.EndPush(destination, Digest);

        Assert.Equal(["team/first"], locations.Find(destination, Digest, except: "team/second"));
    }
}
