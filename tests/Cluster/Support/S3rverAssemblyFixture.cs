using ArtifactKeeper.Tests.Cluster.Support;

// One s3rver for the whole test assembly; each test class isolates itself with its own bucket.
[assembly: AssemblyFixture(typeof(S3rverServer))]
