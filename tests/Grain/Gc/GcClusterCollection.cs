namespace ArtifactKeeper.Tests.Grain.Gc;

/// <summary>
/// GC tests get a silo and database of their own: a run sweeps the whole store, so the garbage other test classes
/// leave behind must not change the figures these tests assert.
/// </summary>
[CollectionDefinition(Name)]
public sealed class GcClusterCollection : ICollectionFixture<RegistryClusterFixture>
{
    public const string Name = "GC cluster";
}
