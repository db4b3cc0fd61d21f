using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Tests.Unit.Scanning.Inventory.Support;

namespace ArtifactKeeper.Tests.Unit.Scanning.Inventory;

/// <summary>Large files pass through the flattener as a stream: what is allocated does not grow with them.</summary>
public sealed class LargeLayerMemoryTests
{
    [Theory]
    [InlineData("opt/data/big.bin", 200L * 1024 * 1024)]
    [InlineData("opt/app/huge.jar", 300L * 1024 * 1024)]
    public async Task A_large_file_is_streamed_past_without_being_buffered(string bigFile, long size)
    {
        var tail = new LayerBuilder(System.Formats.Tar.TarEntryFormat.Ustar)
            .File("etc/os-release", "ID=alpine\nVERSION_ID=3.18.0\n")
            .File("lib/apk/db/installed", "P:musl\nV:1.2.4-r0\no:musl\n")
            .Build(LayerCompression.None);
        var content = new InMemoryContent();
        content.Add("sha256:big", () => new GeneratedTarStream(bigFile, size, tail.Blob));
        var layer = new LayerSource("sha256:big", "application/vnd.oci.image.layer.v1.tar", size, "sha256:diff");
        var reader = new PackageInventoryReader();
        var thread = Environment.CurrentManagedThreadId;

        var before = GC.GetAllocatedBytesForCurrentThread();
        var inventory = await reader.ReadLayersAsync([layer], content, TestContext.Current.CancellationToken);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(thread, Environment.CurrentManagedThreadId); // every read completed in place, so the count is whole
        Assert.True(allocated < 16L * 1024 * 1024, $"reading a {size}-byte layer allocated {allocated} bytes");
        Assert.Equal("Alpine:v3.18", Assert.Single(inventory.Packages).Ecosystem);
        if (bigFile.EndsWith(".jar", StringComparison.Ordinal))
            Assert.Contains(inventory.Notes, n => n.Contains(bigFile, StringComparison.Ordinal));
    }
}
