using System.IO.Compression;
using System.Text;
using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Scanning.Inventory.Detectors;
using ArtifactKeeper.Tests.Support;
using ArtifactKeeper.Tests.Unit.Scanning.Inventory.Support;

namespace ArtifactKeeper.Tests.Unit.Scanning.Inventory;

public sealed class LanguagePackageDetectorTests
{
    [Fact]
    public async Task Node_modules_fixture_tree_yields_every_package_root()
    {
        var folder = SharedFixtures.Path("scanning/layers/npm");
        var layer = new LayerBuilder();
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            layer.File("srv/" + Path.GetRelativePath(folder, file).Replace('\\', '/'), File.ReadAllBytes(file));
        var (layers, content) = Support.Layers.Of(layer.Build());

        var inventory = await new PackageInventoryReader().ReadLayersAsync(layers, content, TestContext.Current.CancellationToken);

        var fromTree = inventory.Packages.Where(p => p.FilePath!.EndsWith("/package.json", StringComparison.Ordinal))
            .Select(p => $"{p.Name}@{p.Version}").Order(StringComparer.Ordinal);
        Assert.Equal(
            ["@types/node@20.11.0", "base@0.11.2", "elliptic@6.5.4", "i18next@1.10.3", "jquery@2.2.4",
             "lodash@4.17.11", "mixin-deep@1.3.2", "mixin-deep@2.0.0", "undici-types@5.26.5"],
            fromTree);
        var fromLock = inventory.Packages.Where(p => p.FilePath == "/srv/package-lock.json")
            .Select(p => $"{p.Name}@{p.Version}").Order(StringComparer.Ordinal);
        Assert.Equal(["base@0.11.2", "elliptic@6.5.4", "jquery@2.2.4", "lodash@4.17.11", "mixin-deep@1.3.2", "mixin-deep@2.0.0"], fromLock);
        Assert.All(inventory.Packages, p => Assert.Equal("npm", p.Ecosystem));
    }

    [Fact]
    public void Package_lock_v1_nested_dependencies_are_read()
    {
        const string lockV1 = """
            {"name":"app","version":"1.0.0","lockfileVersion":1,"dependencies":{
              "base":{"version":"0.11.2","dependencies":{"mixin-deep":{"version":"1.3.2"}}},
              "jest":{"version":"29.0.0","dev":true},
              "local":{"version":"file:../local"},
              "lodash":{"version":"4.17.11"}}}
            """;

        var packages = NodePackageParser.ParseLockFile(Encoding.UTF8.GetBytes(lockV1));

        Assert.Equal(["base@0.11.2", "mixin-deep@1.3.2", "lodash@4.17.11"], packages.Select(p => $"{p.Name}@{p.Version}"));
    }

    [Fact]
    public void Package_lock_v2_skips_the_root_links_and_dev_packages()
    {
        const string lockV2 = """
            {"name":"app","lockfileVersion":2,"packages":{
              "":{"name":"app","version":"1.0.0"},
              "node_modules/@scope/pkg":{"version":"1.2.3"},
              "node_modules/linked":{"resolved":"../linked","link":true},
              "node_modules/jest":{"version":"29.0.0","dev":true},
              "node_modules/a/node_modules/b":{"version":"0.1.0"}},
             "dependencies":{"ignored":{"version":"9.9.9"}}}
            """;

        var packages = NodePackageParser.ParseLockFile(Encoding.UTF8.GetBytes(lockV2));

        Assert.Equal(["@scope/pkg@1.2.3", "b@0.1.0"], packages.Select(p => $"{p.Name}@{p.Version}"));
    }

    [Fact]
    public void Python_dist_info_metadata_fixture_yields_seven_distributions()
    {
        var folder = SharedFixtures.Path("scanning/layers/python/site-packages");
        var packages = Directory.GetFiles(folder, "METADATA", SearchOption.AllDirectories)
            .SelectMany(f => PythonMetadataParser.Parse(File.ReadAllText(f)))
            .Select(p => $"{p.Ecosystem} {p.Name} {p.Version}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            ["PyPI 123bla 0.0.1", "PyPI Products.PluggableAuthService 2.6.0", "PyPI cryptography 3.3.1", "PyPI gradio 4.36.1",
             "PyPI protobuf 3.15.0rc2", "PyPI requests 2.30.0", "PyPI urllib3 2.0.7"],
            packages);
        Assert.True(PythonMetadataParser.IsMetadataFile("usr/lib/python3/site-packages/foo.egg-info/PKG-INFO"));
        Assert.Equal("foo 1.0", PythonMetadataParser.Parse("Metadata-Version: 1.0\nName: foo\nVersion: 1.0\n\nVersion: 2.0\n").Select(p => $"{p.Name} {p.Version}").Single());
    }

    [Fact]
    public void Maven_fixture_jar_yields_outer_and_nested_pom_properties()
    {
        using var jar = File.OpenRead(SharedFixtures.Path("scanning/layers/maven/fixture-app-1.0.0.jar"));

        var packages = MavenArchiveReader.Read(jar).Select(p => $"{p.Name} {p.Version} {p.FilePath}").Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "com.example:fixture-app 1.0.0 !/META-INF/maven/com.example/fixture-app/pom.properties",
                "com.fasterxml.jackson.core:jackson-databind 2.13.2 !/BOOT-INF/lib/jackson-databind-2.13.2.jar!/META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties",
                "commons-collections:commons-collections 3.2.2 !/BOOT-INF/lib/commons-collections-3.2.2.jar!/META-INF/maven/commons-collections/commons-collections/pom.properties",
                "log4j:log4j 1.2.17 !/META-INF/maven/log4j/log4j/pom.properties",
                "org.apache.commons:commons-text 1.9 !/BOOT-INF/lib/commons-text-1.9.jar!/META-INF/maven/org.apache.commons/commons-text/pom.properties",
            ],
            packages);
    }

    [Fact]
    public async Task A_war_in_a_layer_is_read_from_a_bounded_copy_with_nested_jars()
    {
        var inner = Zip(("META-INF/maven/org.example/inner/pom.properties", "groupId=org.example\nartifactId=inner\nversion=2.0\n"));
        var war = Zip(("WEB-INF/lib/inner-2.0.jar", inner), ("WEB-INF/lib/broken.jar", "not a zip"u8.ToArray()),
            ("META-INF/maven/org.example/web/pom.properties", "#comment\nversion=1.0\ngroupId=org.example\nartifactId=web\n"));
        var (layers, content) = Support.Layers.Of(new LayerBuilder().File("usr/local/tomcat/webapps/web.war", war).Build());

        var inventory = await new PackageInventoryReader().ReadLayersAsync(layers, content, TestContext.Current.CancellationToken);

        Assert.Equal(
            ["Maven org.example:inner 2.0 /usr/local/tomcat/webapps/web.war!/WEB-INF/lib/inner-2.0.jar!/META-INF/maven/org.example/inner/pom.properties",
             "Maven org.example:web 1.0 /usr/local/tomcat/webapps/web.war!/META-INF/maven/org.example/web/pom.properties"],
            inventory.Packages.Select(p => $"{p.Ecosystem} {p.Name} {p.Version} {p.FilePath}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Cargo_lock_fixture_skips_the_workspace_crate()
    {
        var packages = CargoLockParser.Parse(SharedFixtures.Text("scanning/layers/cargo/Cargo.lock"));

        Assert.Equal(9, packages.Count);
        Assert.DoesNotContain(packages, p => p.Name == "fixture-app");
        Assert.Contains(packages, p => p is { Ecosystem: "crates.io", Name: "smallvec", Version: "1.6.0" });
        Assert.Contains(packages, p => p is { Name: "wasi", Version: "0.10.0+wasi-snapshot-preview1" });
    }

    [Fact]
    public void Deps_json_fixture_keeps_package_libraries_only()
    {
        var packages = DepsJsonParser.Parse(SharedFixtures.Bytes("scanning/layers/dotnet/FixtureApp.deps.json"));

        Assert.Equal(
            ["NuGet BouncyCastle.Cryptography 2.2.1", "NuGet Google.Protobuf 3.14.0", "NuGet Newtonsoft.Json 12.0.3", "NuGet System.Text.Json 8.0.0"],
            packages.Select(p => $"{p.Ecosystem} {p.Name} {p.Version}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unreadable_package_file_is_noted_and_the_rest_still_read()
    {
        var (layers, content) = Support.Layers.Of(new LayerBuilder()
            .File("app/node_modules/bad/package.json", "{ not json")
            .File("app/node_modules/good/package.json", """{"name":"good","version":"1.0.0"}""")
            .File("var/lib/rpm/rpmdb.sqlite", "not a database at all, but long enough to be looked at by sqlite........")
            .Build());

        var inventory = await new PackageInventoryReader().ReadLayersAsync(layers, content, TestContext.Current.CancellationToken);

        Assert.Equal("good", Assert.Single(inventory.Packages).Name);
        Assert.Equal(2, inventory.Notes.Count);
    }

    private static byte[] Zip(params (string Name, object Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, entryContent) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(entryContent as byte[] ?? Encoding.UTF8.GetBytes((string)entryContent));
            }
        }

        return output.ToArray();
    }
}
