namespace ArtifactKeeper.Tests.EndToEnd.Replication;

/// <summary>Names no other test shares (projects, endpoints, policies, destination namespaces).</summary>
public static class ReplicationNames
{
    /// <summary>A project name: lower-case letters and digits.</summary>
    public static string Project(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    /// <summary>prefix-&lt;random&gt;, valid as an endpoint, policy or repository path component.</summary>
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}
