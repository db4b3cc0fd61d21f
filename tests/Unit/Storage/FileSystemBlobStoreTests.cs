using ArtifactKeeper.Storage.Blobs;

namespace ArtifactKeeper.Tests.Unit.Storage;

public sealed class FileSystemBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ak-blobs-" + Guid.NewGuid().ToString("N"));
    private readonly List<FileSystemBlobStore> _stores = [];

    protected override IBlobStore CreateStore()
    {
        var store = new FileSystemBlobStore(_root);
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Publish_places_blob_at_documented_path_and_empties_uploads()
    {
        var digest = await PublishAsync("layout", [1, 2, 3]);
        var hex = digest["sha256:".Length..];

        Assert.True(File.Exists(Path.Combine(_root, "blobs", "sha256", hex[..2], hex)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "uploads")));
    }

    [Fact]
    public async Task Discarded_duplicate_upload_leaves_nothing_in_uploads()
    {
        var digest = await PublishAsync("one", [5, 5, 5]);
        await WriteUploadAsync("two", [5, 5, 5]);

        await Store.PublishAsync("two", digest, Ct);

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "uploads")));
    }

    [Fact]
    public async Task Open_upload_creates_file_under_uploads()
    {
        await WriteUploadAsync("abc-123", [1]);

        Assert.Equal(1, new FileInfo(Path.Combine(_root, "uploads", "abc-123")).Length);
    }

    [Fact]
    public async Task Reopen_truncates_the_file_on_disk()
    {
        await WriteUploadAsync("trunc", new byte[100]);

        await using (await Store.OpenUploadAsync("trunc", 25, Ct))
        {
        }

        Assert.Equal(25, new FileInfo(Path.Combine(_root, "uploads", "trunc")).Length);
    }

    [Fact]
    public async Task Writer_disposed_after_publish_leaves_no_cached_hash()
    {
        var store = (FileSystemBlobStore)Store;
        var bytes = RandomBytes(64, seed: 21);
        await using (var writer = await store.OpenUploadAsync("late-dispose", 0, Ct))
        {
            await writer.AppendAsync(new MemoryStream(bytes), null, Ct);
            await writer.FlushAsync(Ct);
            await store.PublishAsync("late-dispose", writer.CurrentDigest!, Ct);
        }

        Assert.Equal(0, store.CachedHashCount);
    }

    [Fact]
    public async Task Download_url_is_null_so_the_gateway_serves_the_bytes()
    {
        var digest = await PublishAsync("url", [1]);

        Assert.Null(await Store.TryGetDownloadUrlAsync(digest, Ct));
    }

    [Fact]
    public async Task List_ignores_stray_files_and_directories()
    {
        var digest = await PublishAsync("stray", [8]);
        var hex = digest["sha256:".Length..];
        await File.WriteAllTextAsync(Path.Combine(_root, "blobs", "sha256", hex[..2], "not-a-digest"), "x", Ct);
        Directory.CreateDirectory(Path.Combine(_root, "blobs", "sha256", "zz"));
        Directory.CreateDirectory(Path.Combine(_root, "blobs", "sha256", "ab"));

        var listed = new List<string>();
        await foreach (var item in Store.ListAsync(null, Ct))
        {
            listed.Add(item);
        }

        Assert.Equal([digest], listed);
    }

    [Fact]
    public async Task Blob_read_stays_readable_while_it_is_deleted()
    {
        var bytes = RandomBytes(5000, seed: 20);
        var digest = await PublishAsync("pulling", bytes);

        await using var stream = await Store.OpenReadAsync(digest, Ct);
        await Store.DeleteAsync(digest, Ct);

        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy, Ct);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Null(await Store.StatAsync(digest, Ct));
    }

    [Fact]
    public void Directory_sync_of_existing_directory_succeeds()
    {
        Directory.CreateDirectory(_root);
        DirectorySync.Flush(_root);
    }

    [Fact]
    public void Directory_sync_of_missing_directory_throws_IOException()
    {
        Assert.Throws<IOException>(() => DirectorySync.Flush(Path.Combine(_root, "missing")));
    }
}
