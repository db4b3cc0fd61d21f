using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd.Replication;

/// <summary>A two-platform image index (amd64, arm64) pushed with skopeo <c>copy --all</c>, as a real client does.</summary>
public sealed class MultiArch
{
    private MultiArch(OciBlob index, IReadOnlyList<TestImage> children)
    {
        Index = index;
        Children = children;
    }

    /// <summary>The index manifest.</summary>
    public OciBlob Index { get; }

    /// <summary>The platform images.</summary>
    public IReadOnlyList<TestImage> Children { get; }

    /// <summary>Builds the index in an OCI layout and copies it to <paramref name="server"/> with skopeo.</summary>
    public static async Task<MultiArch> PushWithSkopeoAsync(RegistryServer server, string repository, string tag, CancellationToken cancellationToken)
    {
        using var layout = new TempDirectory("ak-e2e-multi");
        var children = new[] { TestImage.Create("amd64"), TestImage.Create("arm64") };
        var index = OciLayout.WriteMultiPlatform(layout.Path, tag, children);
        await Cli.RunAsync("skopeo",
            ["copy", "--all", "--dest-tls-verify=false", "--dest-creds", server.AdminCredentials,
             "oci:" + layout.Path + ":" + tag, "docker://" + server.Reference(repository, tag)], cancellationToken);
        return new MultiArch(index, children);
    }

    /// <summary>Asserts the index under <paramref name="tag"/> is byte-identical and each platform image is there whole.</summary>
    public async Task AssertReplicatedAsync(RegistryHttpClient http, string repository, string tag, CancellationToken cancellationToken)
    {
        var index = await RegistryContent.ManifestAsync(http, repository, tag, cancellationToken);
        Assert.True(index is not null, $"{repository}:{tag} is missing");
        Assert.Equal(Index.Descriptor.Digest, OciDescriptor.DigestOf(index));
        var listed = JsonNode.Parse(index)!["manifests"]!.AsArray().Select(m => (string)m!["digest"]!).ToList();
        Assert.Equal(Children.Select(c => c.Manifest.Descriptor.Digest), listed);
        foreach (var child in Children)
        {
            await RegistryContent.AssertImageAsync(http, repository, child.Manifest.Descriptor.Digest, child, cancellationToken);
        }
    }
}
