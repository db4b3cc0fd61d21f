namespace ArtifactKeeper.Tests.Grain;

/// <summary>The single-silo topology: every grain test class joins this collection and shares its cluster.</summary>
[CollectionDefinition(Name)]
public sealed class RegistryClusterCollection : ICollectionFixture<RegistryClusterFixture>
{
    public const string Name = "Single-silo registry cluster";
}
