namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>Unique repository names so tests sharing a server never see each other's data.</summary>
public static class Names
{
    /// <summary>library/&lt;prefix&gt;-&lt;random&gt;</summary>
    public static string Repository(string prefix) => "library/" + prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}
