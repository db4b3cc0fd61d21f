using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ArtifactKeeper.Registry.Artifacts;

namespace ArtifactKeeper.Tests.Unit.Registry.Artifacts;

public sealed class ArtifactAdditionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MemoryStream Tgz(params (string Path, string Text)[] files)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        output.Position = 0;
        return output;
    }

    [Fact]
    public void For_lists_Harbor_additions_by_type()
    {
        Assert.Equal(["build_history"], ArtifactAddition.For("IMAGE", isIndex: false));
        Assert.Empty(ArtifactAddition.For("IMAGE", isIndex: true));
        Assert.Equal(["values.yaml", "readme.md", "dependencies"], ArtifactAddition.For("CHART", isIndex: false));
        Assert.Empty(ArtifactAddition.For("UNKNOWN", isIndex: false));
    }

    [Fact]
    public void Build_history_and_extra_attributes_come_from_the_image_config()
    {
        using var config = JsonDocument.Parse("""{"architecture":"amd64","os":"linux","created":null,"rootfs":{},"history":[{"created_by":"RUN a"}]}""");

        var history = JsonDocument.Parse(ImageBuildHistory.From(config.RootElement));
        var extra = ImageBuildHistory.ExtraAttributes(config.RootElement);

        Assert.Equal("RUN a", history.RootElement[0].GetProperty("created_by").GetString());
        Assert.Equal(["architecture", "os"], extra.Keys.Order(StringComparer.Ordinal));
        using var bare = JsonDocument.Parse("{}");
        Assert.Equal("[]", Encoding.UTF8.GetString(ImageBuildHistory.From(bare.RootElement)));
    }

    [Fact]
    public async Task Chart_files_are_read_from_the_top_level_of_the_chart_folder()
    {
        using var values = Tgz(("demo/templates/values.yaml", "nested"), ("demo/values.yaml", "a: 1\n"));
        using var readme = Tgz(("demo/README.md", "# hi"));
        using var none = Tgz(("demo/Chart.yaml", "name: demo\n"));

        Assert.Equal("a: 1\n", Encoding.UTF8.GetString((await HelmChartFiles.ReadAsync(values, ArtifactAddition.Values, Ct))!.Content));
        Assert.Equal("# hi", Encoding.UTF8.GetString((await HelmChartFiles.ReadAsync(readme, ArtifactAddition.Readme, Ct))!.Content));
        Assert.Null(await HelmChartFiles.ReadAsync(none, ArtifactAddition.Readme, Ct));
    }

    [Fact]
    public async Task Chart_dependencies_come_from_Chart_yaml_or_requirements_yaml()
    {
        using var v2 = Tgz(("demo/Chart.yaml", "apiVersion: v2\ndependencies:\n  - name: redis\n    version: 1.2.3\n    repository: https://r\n    tags: [cache]\n"));
        using var v1 = Tgz(("demo/Chart.yaml", "apiVersion: v1\nname: demo\n"), ("demo/requirements.yaml", "dependencies:\n  - name: pg\n    version: 9\n"));
        using var without = Tgz(("demo/Chart.yaml", "apiVersion: v2\nname: demo\n"));

        var fromChart = JsonDocument.Parse((await HelmChartFiles.ReadAsync(v2, ArtifactAddition.Dependencies, Ct))!.Content).RootElement;
        var fromRequirements = JsonDocument.Parse((await HelmChartFiles.ReadAsync(v1, ArtifactAddition.Dependencies, Ct))!.Content).RootElement;
        var empty = JsonDocument.Parse((await HelmChartFiles.ReadAsync(without, ArtifactAddition.Dependencies, Ct))!.Content).RootElement;

        Assert.Equal("redis", fromChart[0].GetProperty("name").GetString());
        Assert.Equal("https://r", fromChart[0].GetProperty("repository").GetString());
        Assert.Equal("cache", fromChart[0].GetProperty("tags")[0].GetString());
        Assert.Equal("pg", fromRequirements[0].GetProperty("name").GetString());
        Assert.Equal(0, empty.GetArrayLength());
    }

    [Fact]
    public async Task Chart_file_over_the_bound_is_not_read()
    {
        using var big = Tgz(("demo/values.yaml", new string('x', HelmChartFiles.MaxFileBytes + 1)));

        Assert.Null(await HelmChartFiles.ReadAsync(big, ArtifactAddition.Values, Ct));
    }
}
