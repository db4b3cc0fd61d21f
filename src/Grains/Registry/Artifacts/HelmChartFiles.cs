using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace ArtifactKeeper.Registry.Artifacts;

/// <summary>
/// Reads one of Harbor's chart additions (<c>values.yaml</c>, <c>readme.md</c>, <c>dependencies</c>) from a chart's
/// <c>.tgz</c> layer as it streams: entries are skipped without buffering and a wanted file is read up to
/// <see cref="MaxFileBytes"/>, so memory stays bounded whatever the chart's size.
/// </summary>
public static class HelmChartFiles
{
    public const string ChartLayerMediaType = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    public const string LegacyChartLayerMediaType = "application/tar+gzip";
    public const int MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>The addition, or null when the chart has no such file (or it exceeds the bound).</summary>
    public static async Task<ArtifactAddition?> ReadAsync(Stream chartTgz, string addition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chartTgz);
        await using var gzip = new GZipStream(chartTgz, CompressionMode.Decompress, leaveOpen: true);
        await using var tar = new TarReader(gzip, leaveOpen: true);
        byte[]? chartYaml = null, requirementsYaml = null;
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            var file = TopLevelFile(entry.Name);
            if (entry.DataStream is null || file is null)
            {
                continue;
            }

            switch (addition, file.ToLowerInvariant())
            {
                case (ArtifactAddition.Values, "values.yaml"):
                    return await BoundedAsync(entry.DataStream, cancellationToken) is { } values
                        ? new ArtifactAddition("text/plain; charset=utf-8", values) : null;
                case (ArtifactAddition.Readme, "readme.md"):
                    return await BoundedAsync(entry.DataStream, cancellationToken) is { } readme
                        ? new ArtifactAddition("text/markdown; charset=utf-8", readme) : null;
                case (ArtifactAddition.Dependencies, "chart.yaml"):
                    chartYaml = await BoundedAsync(entry.DataStream, cancellationToken);
                    break;
                case (ArtifactAddition.Dependencies, "requirements.yaml"):
                    requirementsYaml = await BoundedAsync(entry.DataStream, cancellationToken);
                    break;
                default:
                    break;
            }
        }

        if (addition != ArtifactAddition.Dependencies || chartYaml is null)
        {
            return null;
        }

        var dependencies = Dependencies(chartYaml);
        if (dependencies.Count == 0 && requirementsYaml is not null)
        {
            dependencies = Dependencies(requirementsYaml);
        }

        return new ArtifactAddition("application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(dependencies));
    }

    /// <summary>The <c>dependencies</c> list of a Chart.yaml (v2) or requirements.yaml (v1), as Helm names the fields.</summary>
    public static List<Dictionary<string, object>> Dependencies(byte[] yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var result = new List<Dictionary<string, object>>();
        var stream = new YamlStream();
        stream.Load(new StringReader(Encoding.UTF8.GetString(yaml)));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root ||
            !root.Children.TryGetValue(new YamlScalarNode("dependencies"), out var node) || node is not YamlSequenceNode list)
        {
            return result;
        }

        foreach (var item in list.Children.OfType<YamlMappingNode>())
        {
            var dependency = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (key, value) in item.Children)
            {
                if (key is YamlScalarNode { Value: { } name } && name is "name" or "version" or "repository" or "condition" or "alias")
                {
                    if (value is YamlScalarNode { Value: { } text })
                    {
                        dependency[name] = text;
                    }
                }
                else if (key is YamlScalarNode { Value: "tags" } && value is YamlSequenceNode tags)
                {
                    dependency["tags"] = tags.Children.OfType<YamlScalarNode>().Select(t => t.Value ?? string.Empty).ToList();
                }
            }

            result.Add(dependency);
        }

        return result;
    }

    /// <summary>The file name of an entry directly inside the chart's folder (<c>mychart/values.yaml</c>), else null.</summary>
    private static string? TopLevelFile(string path)
    {
        var parts = path.TrimStart('.', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 ? parts[1] : null;
    }

    private static async Task<byte[]?> BoundedAsync(Stream data, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await data.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
