using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.Scanning;

/// <summary>A report as stored: JSON, gzip-compressed (reports of large images run to megabytes of repetitive text).</summary>
public static class ScanReportCodec
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Encode(VulnerabilityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, report, Options);
        }

        return buffer.ToArray();
    }

    public static VulnerabilityReport Decode(byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<VulnerabilityReport>(gzip, Options)
            ?? throw new InvalidDataException("the stored report is empty");
    }
}
