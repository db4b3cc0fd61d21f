using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>
/// Reads the package fields out of one rpm header blob as the rpmdb stores it: a big-endian index count and data
/// length, then 16-byte index entries (tag, type, offset, count) and the data store they point into.
/// </summary>
public static class RpmHeaderParser
{
    private const int TagName = 1000;
    private const int TagVersion = 1001;
    private const int TagRelease = 1002;
    private const int TagEpoch = 1003;
    private const int TagArch = 1022;
    private const int TagSourceRpm = 1044;

    private const int TypeInt32 = 4;
    private const int TypeString = 6;
    private const int TypeStringArray = 8;
    private const int TypeI18nString = 9;

    /// <summary>Name, epoch, version, release, arch and source rpm; null for headers without name or version (gpg-pubkey has them, so it is kept).</summary>
    public static RpmHeader? Parse(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 8)
            throw new InvalidDataException("rpm header blob is shorter than its preamble");
        var indexCount = BinaryPrimitives.ReadInt32BigEndian(blob);
        var dataLength = BinaryPrimitives.ReadInt32BigEndian(blob[4..]);
        var dataStart = 8L + (16L * indexCount);
        if (indexCount < 0 || dataLength < 0 || dataStart + dataLength > blob.Length)
            throw new InvalidDataException("rpm header blob has an index or data store beyond its end");
        var data = blob.Slice((int)dataStart, dataLength);

        string? name = null, version = null, release = null, arch = null, sourceRpm = null;
        int? epoch = null;
        for (var i = 0; i < indexCount; i++)
        {
            var entry = blob.Slice(8 + (16 * i), 16);
            var tag = BinaryPrimitives.ReadInt32BigEndian(entry);
            var type = BinaryPrimitives.ReadInt32BigEndian(entry[4..]);
            var offset = BinaryPrimitives.ReadInt32BigEndian(entry[8..]);
            if (offset < 0 || offset >= data.Length)
                continue;
            switch (tag)
            {
                case TagName:
                    name = ReadString(data, offset, type);
                    break;
                case TagVersion:
                    version = ReadString(data, offset, type);
                    break;
                case TagRelease:
                    release = ReadString(data, offset, type);
                    break;
                case TagArch:
                    arch = ReadString(data, offset, type);
                    break;
                case TagSourceRpm:
                    sourceRpm = ReadString(data, offset, type);
                    break;
                case TagEpoch when type == TypeInt32 && offset + 4 <= data.Length:
                    epoch = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
                    break;
            }
        }

        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version))
            return null;
        return new RpmHeader(name, epoch, version, release ?? "", arch, sourceRpm);
    }

    private static string? ReadString(ReadOnlySpan<byte> data, int offset, int type)
    {
        if (type is not (TypeString or TypeStringArray or TypeI18nString))
            return null;
        var rest = data[offset..];
        var end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }
}

/// <summary>One rpm header's identity. <see cref="Evr"/> is "epoch:version-release", the epoch only when present.</summary>
public sealed record RpmHeader(string Name, int? Epoch, string Version, string Release, string? Arch, string? SourceRpm)
{
    public string Evr => EvrOf(Epoch, Version, Release);

    /// <summary>The source package: SOURCERPM without "-version-release.src.rpm", with this package's epoch.</summary>
    public (string Name, string Version) Source
    {
        get
        {
            if (SourceRpm is { } srpm && SourceRpms.Split(srpm) is { } parsed)
                return (parsed.Name, EvrOf(Epoch, parsed.Version, parsed.Release));
            return (Name, Evr);
        }
    }

    internal static string EvrOf(int? epoch, string version, string release)
    {
        var vr = release.Length == 0 ? version : $"{version}-{release}";
        return epoch is { } e ? e.ToString(CultureInfo.InvariantCulture) + ":" + vr : vr;
    }
}

/// <summary>Splits a source rpm file name, "name-version-release.src.rpm".</summary>
public static class SourceRpms
{
    public static (string Name, string Version, string Release)? Split(string fileName)
    {
        var stem = fileName;
        foreach (var suffix in new[] { ".src.rpm", ".nosrc.rpm" })
        {
            if (stem.EndsWith(suffix, StringComparison.Ordinal))
            {
                stem = stem[..^suffix.Length];
                break;
            }
        }

        var lastDash = stem.LastIndexOf('-');
        if (lastDash <= 0)
            return null;
        var secondDash = stem.LastIndexOf('-', lastDash - 1);
        if (secondDash <= 0)
            return null;
        return (stem[..secondDash], stem[(secondDash + 1)..lastDash], stem[(lastDash + 1)..]);
    }
}
