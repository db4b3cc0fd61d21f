using System.Text;
using ArtifactKeeper.Scanning.Inventory.Detectors;
using ArtifactKeeper.Scanning.Inventory.Layers;

namespace ArtifactKeeper.Scanning.Inventory;

/// <summary>
/// The files the built-in scanner reads out of image layers, each with its size cap, and which detector reads
/// each. Text files are read into memory within their caps; an rpm SQLite database is copied to a temporary file
/// (SQLite needs one), and a Java archive larger than <see cref="InMemoryArchiveBytes"/> too.
/// </summary>
public sealed class InventoryCapturePolicy : ICapturePolicy
{
    public const long OsFileBytes = 64 * 1024;
    public const long SmallTextBytes = 4L * 1024 * 1024;
    public const long DatabaseTextBytes = 64L * 1024 * 1024;
    public const long RpmDatabaseBytes = 128L * 1024 * 1024;
    public const long ArchiveBytes = 256L * 1024 * 1024;
    public const long InMemoryArchiveBytes = 8L * 1024 * 1024;

    public static readonly string[] RpmSqlitePaths = ["var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite"];
    public static readonly string[] RpmBerkeleyPaths = ["var/lib/rpm/Packages", "usr/lib/sysimage/rpm/Packages"];
    public const string DpkgStatus = "var/lib/dpkg/status";
    public const string DpkgStatusFolder = "var/lib/dpkg/status.d";
    public const string ApkInstalled = "lib/apk/db/installed";

    public long? MaxBytes(string path) => Classify(path) is { } kind ? CapOf(kind) : null;

    public async Task<FileFacts> ReadAsync(string path, Stream content, long length, CancellationToken cancellationToken)
    {
        switch (Classify(path))
        {
            case FileKind.OsFile:
                return FileFacts.OfText(await ReadTextAsync(content, length, cancellationToken));
            case FileKind.DpkgStatus:
                return FileFacts.Of(DpkgStatusParser.Parse(await ReadTextAsync(content, length, cancellationToken)));
            case FileKind.ApkInstalled:
                return FileFacts.Of(ApkInstalledParser.Parse(await ReadTextAsync(content, length, cancellationToken)));
            case FileKind.RpmSqlite:
                return FileFacts.Of(await ReadRpmSqliteAsync(content, cancellationToken));
            case FileKind.RpmBerkeley:
                return FileFacts.Of(RpmDatabaseReader.ReadBerkeleyDb(await ReadBytesAsync(content, length, cancellationToken)));
            case FileKind.NodePackage:
                return FileFacts.Of(NodePackageParser.ParsePackageJson(await ReadBytesAsync(content, length, cancellationToken)));
            case FileKind.NpmLock:
                return FileFacts.Of(NodePackageParser.ParseLockFile(await ReadBytesAsync(content, length, cancellationToken)));
            case FileKind.PythonMetadata:
                return FileFacts.Of(PythonMetadataParser.Parse(await ReadTextAsync(content, length, cancellationToken)));
            case FileKind.JavaArchive:
                return FileFacts.Of(await ReadArchiveAsync(content, length, cancellationToken));
            case FileKind.CargoLock:
                return FileFacts.Of(CargoLockParser.Parse(await ReadTextAsync(content, length, cancellationToken)));
            case FileKind.DepsJson:
                return FileFacts.Of(DepsJsonParser.Parse(await ReadBytesAsync(content, length, cancellationToken)));
            default:
                return FileFacts.Nothing;
        }
    }

    private static FileKind? Classify(string path)
    {
        switch (path)
        {
            case OperatingSystemDetector.EtcOsRelease or OperatingSystemDetector.UsrLibOsRelease
                or OperatingSystemDetector.AlpineRelease or OperatingSystemDetector.DebianVersion:
                return FileKind.OsFile;
            case DpkgStatus:
                return FileKind.DpkgStatus;
            case ApkInstalled:
                return FileKind.ApkInstalled;
        }

        if (RpmSqlitePaths.Contains(path))
            return FileKind.RpmSqlite;
        if (RpmBerkeleyPaths.Contains(path))
            return FileKind.RpmBerkeley;
        var name = LayerPaths.FileName(path);
        if (LayerPaths.Parent(path) == DpkgStatusFolder)
            return name.StartsWith('.') || name.EndsWith(".md5sums", StringComparison.Ordinal) ? null : FileKind.DpkgStatus;
        if (NodePackageParser.IsPackageRoot(path))
            return FileKind.NodePackage;
        if (NodePackageParser.IsLockFile(path))
            return FileKind.NpmLock;
        if (PythonMetadataParser.IsMetadataFile(path))
            return FileKind.PythonMetadata;
        if (MavenArchiveReader.IsArchive(path))
            return FileKind.JavaArchive;
        if (name == "Cargo.lock")
            return FileKind.CargoLock;
        if (name.EndsWith(".deps.json", StringComparison.Ordinal))
            return FileKind.DepsJson;
        return null;
    }

    private static long CapOf(FileKind kind) => kind switch
    {
        FileKind.OsFile => OsFileBytes,
        FileKind.DpkgStatus or FileKind.ApkInstalled or FileKind.NpmLock => DatabaseTextBytes,
        FileKind.RpmSqlite or FileKind.RpmBerkeley => RpmDatabaseBytes,
        FileKind.JavaArchive => ArchiveBytes,
        _ => SmallTextBytes,
    };

    private static async Task<byte[]> ReadBytesAsync(Stream content, long length, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        await content.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    private static async Task<string> ReadTextAsync(Stream content, long length, CancellationToken cancellationToken)
        => Encoding.UTF8.GetString(await ReadBytesAsync(content, length, cancellationToken));

    private static async Task<IReadOnlyList<InstalledPackage>> ReadRpmSqliteAsync(Stream content, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"artifactkeeper-rpmdb-{Guid.NewGuid():N}.sqlite");
        try
        {
            await using (var copy = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await content.CopyToAsync(copy, cancellationToken);
            return RpmDatabaseReader.ReadSqlite(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<IReadOnlyList<InstalledPackage>> ReadArchiveAsync(Stream content, long length, CancellationToken cancellationToken)
    {
        Stream copy = length <= InMemoryArchiveBytes
            ? new MemoryStream((int)length)
            : new FileStream(
                Path.Combine(Path.GetTempPath(), $"artifactkeeper-archive-{Guid.NewGuid():N}.zip"),
                FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (copy)
        {
            await content.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            return MavenArchiveReader.Read(copy);
        }
    }

    private enum FileKind
    {
        OsFile,
        DpkgStatus,
        ApkInstalled,
        RpmSqlite,
        RpmBerkeley,
        NodePackage,
        NpmLock,
        PythonMetadata,
        JavaArchive,
        CargoLock,
        DepsJson,
    }
}
