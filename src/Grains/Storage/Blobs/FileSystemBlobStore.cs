using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace ArtifactKeeper.Storage.Blobs;

/// <summary>
/// Blob store on a local (or shared) file system, for embedded mode.
/// <code>
/// &lt;root&gt;/
///   blobs/sha256/&lt;first 2 hex&gt;/&lt;64 hex&gt;   published blobs, immutable, named by content
///   uploads/&lt;uploadId&gt;                     open uploads, appended to in place
/// </code>
/// Publishing moves an upload into <c>blobs/</c> with a no-overwrite move after fsyncing it, then
/// fsyncs the directory, so a reader sees either no blob or the whole blob, also after a crash.
/// Digests must be <c>sha256:</c> + 64 lowercase hex and upload ids 1..64 characters of
/// <c>[A-Za-z0-9-]</c>; anything else throws <see cref="ArgumentException"/>, so no key can name a
/// path outside the root. Reopening an upload at a non-zero offset it does not hold throws
/// <see cref="UploadNotFoundException"/>; an append past its byte limit throws
/// <see cref="InvalidDataException"/>.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore, IDisposable
{
    private readonly string _blobsRoot;
    private readonly string _uploadsRoot;
    private readonly UploadHashCache _hashes = new();

    public FileSystemBlobStore(string rootPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootPath);
        var root = Path.GetFullPath(rootPath);
        _blobsRoot = Path.Combine(root, "blobs", "sha256");
        _uploadsRoot = Path.Combine(root, "uploads");
        Directory.CreateDirectory(_blobsRoot);
        Directory.CreateDirectory(_uploadsRoot);
    }

    /// <summary>Running upload hashes held in memory (for tests and diagnostics).</summary>
    internal int CachedHashCount => _hashes.Count;

    public Task<BlobStat?> StatAsync(string digest, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var file = new FileInfo(BlobPath(digest));
        return Task.FromResult(file.Exists ? new BlobStat(digest, file.Length) : null);
    }

    public Task<DateTimeOffset?> GetLastWrittenAsync(string digest, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var file = new FileInfo(BlobPath(digest));
        return Task.FromResult<DateTimeOffset?>(file.Exists ? new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) : null);
    }

    public Task<Stream?> OpenReadAsync(string digest, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = BlobPath(digest);
        try
        {
            // FileShare.Delete: GC may remove the name while a pull still streams the open file.
            Stream stream = new FileStream(
                path,
                FileMode.Open,
                FileAccess.Read,
                FileShare.Read | FileShare.Delete,
                bufferSize: 4096,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<IUploadWriter> OpenUploadAsync(string uploadId, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        cancellationToken.ThrowIfCancellationRequested();
        var path = UploadPath(uploadId);

        if (offset == 0)
        {
            _hashes.Remove(uploadId);
            var created = OpenUploadFile(path, FileMode.Create);
            return Task.FromResult<IUploadWriter>(
                new FileSystemUploadWriter(uploadId, created, IncrementalHash.CreateHash(HashAlgorithmName.SHA256), _hashes));
        }

        FileStream file;
        try
        {
            file = OpenUploadFile(path, FileMode.Open);
        }
        catch (FileNotFoundException e)
        {
            _hashes.Remove(uploadId);
            throw new UploadNotFoundException($"Upload '{uploadId}' does not exist.", e);
        }

        try
        {
            if (file.Length < offset)
            {
                throw new UploadNotFoundException(uploadId, offset);
            }

            // Bytes past the offset belong to a chunk that was never acknowledged.
            file.SetLength(offset);
            file.Position = offset;
        }
        catch
        {
            file.Dispose();
            _hashes.Remove(uploadId);
            throw;
        }

        return Task.FromResult<IUploadWriter>(new FileSystemUploadWriter(uploadId, file, _hashes.Take(uploadId, offset), _hashes));
    }

    public async Task<UploadDigest?> DigestUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        var path = UploadPath(uploadId);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        await using (file)
        {
            return await BlobHashing.HashAsync(file, cancellationToken);
        }
    }

    public Task PublishAsync(string uploadId, string digest, CancellationToken cancellationToken)
    {
        var source = UploadPath(uploadId);
        var target = BlobPath(digest);
        cancellationToken.ThrowIfCancellationRequested();

        if (File.Exists(target))
        {
            DiscardUpload(uploadId, source);
            return Task.CompletedTask;
        }

        try
        {
            using var upload = new FileStream(source, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            upload.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException e)
        {
            throw new UploadNotFoundException($"Upload '{uploadId}' does not exist.", e);
        }

        var targetDirectory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(targetDirectory))
        {
            Directory.CreateDirectory(targetDirectory);
            DirectorySync.Flush(_blobsRoot);
        }

        try
        {
            File.Move(source, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another publisher of the same content won the race; its blob is as good as ours.
            DiscardUpload(uploadId, source);
            return Task.CompletedTask;
        }

        DirectorySync.Flush(targetDirectory);
        _hashes.Remove(uploadId);
        return Task.CompletedTask;
    }

    public Task DeleteUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        var path = UploadPath(uploadId);
        cancellationToken.ThrowIfCancellationRequested();
        DiscardUpload(uploadId, path);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string digest, CancellationToken cancellationToken)
    {
        var path = BlobPath(digest);
        cancellationToken.ThrowIfCancellationRequested();
        DeleteFile(path);
        return Task.CompletedTask;
    }

    public Task DeleteManyAsync(IEnumerable<string> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var paths = digests.Select(BlobPath).ToList();
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DeleteFile(path);
        }

        return Task.CompletedTask;
    }

    public Task<Uri?> TryGetDownloadUrlAsync(string digest, CancellationToken cancellationToken)
    {
        BlobStoreKeys.ValidateDigest(digest, nameof(digest));
        return Task.FromResult<Uri?>(null);
    }

    public async IAsyncEnumerable<string> ListAsync(string? afterDigest, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? afterPrefix = null;
        if (afterDigest is not null)
        {
            BlobStoreKeys.ValidateDigest(afterDigest, nameof(afterDigest));
            afterPrefix = afterDigest.Substring(BlobStoreKeys.Sha256Prefix.Length, 2);
        }

        var prefixes = Directory.EnumerateDirectories(_blobsRoot)
            .Select(Path.GetFileName)
            .Where(name => name is { Length: 2 } && BlobStoreKeys.IsLowerHex(name))
            .Where(name => afterPrefix is null || string.CompareOrdinal(name, afterPrefix) >= 0)
            .Order(StringComparer.Ordinal)
            .ToList();

        foreach (var prefix in prefixes)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // One prefix directory at a time keeps memory at about 1/256 of the blob count.
            var digests = EnumerateFilesOrEmpty(Path.Combine(_blobsRoot, prefix!))
                .Select(name => BlobStoreKeys.Sha256Prefix + name)
                .Where(digest => BlobStoreKeys.IsValidDigest(digest)
                    && digest.AsSpan(BlobStoreKeys.Sha256Prefix.Length, 2).SequenceEqual(prefix)
                    && (afterDigest is null || string.CompareOrdinal(digest, afterDigest) > 0))
                .Order(StringComparer.Ordinal)
                .ToList();

            foreach (var digest in digests)
            {
                yield return digest;
            }

            await Task.Yield();
        }
    }

    public void Dispose() => _hashes.Dispose();

    private static List<string> EnumerateFilesOrEmpty(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory).Select(path => Path.GetFileName(path)).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static FileStream OpenUploadFile(string path, FileMode mode) =>
        new(path, mode, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);

    private static void DeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Already absent.
        }
    }

    private void DiscardUpload(string uploadId, string path)
    {
        _hashes.Remove(uploadId);
        DeleteFile(path);
    }

    private string BlobPath(string digest)
    {
        BlobStoreKeys.ValidateDigest(digest, nameof(digest));
        var hex = digest[BlobStoreKeys.Sha256Prefix.Length..];
        return Path.Combine(_blobsRoot, hex[..2], hex);
    }

    private string UploadPath(string uploadId)
    {
        BlobStoreKeys.ValidateUploadId(uploadId, nameof(uploadId));
        return Path.Combine(_uploadsRoot, uploadId);
    }
}
