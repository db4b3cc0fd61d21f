using System.Diagnostics;

namespace ArtifactKeeper.Bench.Gc;

/// <summary>
/// Writes a <see cref="BenchShape"/> in CNCF distribution's filesystem layout (registry/storage/paths.go), under
/// <c>&lt;root&gt;/docker/registry/v2</c>:
/// <code>
/// blobs/sha256/&lt;2 hex&gt;/&lt;hex&gt;/data                                  every blob, manifests included
/// repositories/&lt;name&gt;/_layers/sha256/&lt;hex&gt;/link                     config and layers linked to the repository
/// repositories/&lt;name&gt;/_manifests/revisions/sha256/&lt;hex&gt;/link       each manifest
/// repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/current/link            the tag's manifest
/// repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/index/sha256/&lt;hex&gt;/link
/// </code>
/// Links hold "sha256:&lt;hex&gt;". The unreferenced blobs get their data file and no link.
/// </summary>
internal sealed class DistributionSeeder(string root, BenchShape shape)
{
    private string V2 => Path.Combine(root, "docker", "registry", "v2");

    public TimeSpan Seed(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        Parallel.For(0, shape.Repositories, options, r =>
        {
            var repository = Path.Combine(V2, "repositories", shape.Repository(r));
            for (var m = 0; m < shape.ManifestsPerRepository; m++)
            {
                var blobs = shape.BlobsOf(r, m);
                foreach (var blob in blobs)
                {
                    WriteBlob(blob);
                    WriteLink(Path.Combine(repository, "_layers", "sha256", blob.Hex), blob);
                }

                var manifest = SyntheticBlob.Manifest(blobs);
                WriteBlob(manifest);
                var manifests = Path.Combine(repository, "_manifests");
                WriteLink(Path.Combine(manifests, "revisions", "sha256", manifest.Hex), manifest);
                var tag = Path.Combine(manifests, "tags", BenchShape.Tag(m));
                WriteLink(Path.Combine(tag, "current"), manifest);
                WriteLink(Path.Combine(tag, "index", "sha256", manifest.Hex), manifest);
            }
        });
        Parallel.For(0, shape.Garbage, options, i => WriteBlob(shape.Unreferenced(i)));
        return stopwatch.Elapsed;
    }

    public string BlobData(SyntheticBlob blob) => Path.Combine(V2, "blobs", "sha256", blob.Hex[..2], blob.Hex, "data");

    private void WriteBlob(SyntheticBlob blob)
    {
        var data = BlobData(blob);
        Directory.CreateDirectory(Path.GetDirectoryName(data)!);
        File.WriteAllBytes(data, blob.Content);
    }

    private static void WriteLink(string directory, SyntheticBlob blob)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "link"), blob.Digest);
    }
}
