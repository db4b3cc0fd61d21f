using ArtifactKeeper.Hosting;

namespace ArtifactKeeper.Tests.Unit.Deploy;

public sealed class ConfigurationKeyMapTests
{
    private static readonly ConfigurationKeyMap Product = ConfigurationKeyMap.ForProduct();

    private static readonly ConfigurationKeyMap Samples = new([typeof(RootSample), typeof(NestedSample)]);

    [Fact]
    public void Resolve_unknown_nested_property_reports_it_unknown()
    {
        var resolution = Product.Resolve("ArtifactKeeper__Blobs__S3__NoSuchThing");

        Assert.False(resolution.IsKnown);
        Assert.Equal("ArtifactKeeper:Blobs:S3:NoSuchThing", resolution.ConfigurationKey);
        Assert.Contains("no public property 'NoSuchThing'", resolution.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_unknown_section_falls_to_the_root_section_and_reports_it_unknown()
    {
        var resolution = Product.Resolve("ArtifactKeeper__NoSuchSection__Enabled");

        Assert.False(resolution.IsKnown);
        Assert.Contains("no public property 'NoSuchSection'", resolution.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_key_outside_every_section_is_unknown()
    {
        Assert.False(Product.Resolve("Logging__LogLevel__Default").IsKnown);
    }

    [Theory]
    [InlineData("ArtifactKeeper__FullDataPath")] // get-only: the binder cannot set it
    [InlineData("ArtifactKeeper__Blobs__S3")] // an object, not a value
    [InlineData("ArtifactKeeper__DataPath__Length")] // below a value
    [InlineData("ArtifactKeeper__Blobs__")] // empty segment
    public void Resolve_key_the_binder_cannot_set_is_unknown(string key)
    {
        Assert.False(Product.Resolve(key).IsKnown);
    }

    [Fact]
    public void Resolve_nested_property_case_insensitively_finds_its_options_class_and_type()
    {
        var resolution = Product.Resolve("artifactkeeper__BLOBS__s3__bucket");

        Assert.True(resolution.IsKnown, resolution.Problem);
        Assert.Equal(typeof(BlobStoreOptions), resolution.OptionsType);
        Assert.Equal(typeof(string), resolution.ValueType);
    }

    [Fact]
    public void ForProduct_finds_options_of_grains_and_silo_assemblies()
    {
        Assert.Contains(BlobStoreOptions.Section, Product.Sections);
        Assert.Contains(SiloOptions.Section, Product.Sections);
    }

    [Fact]
    public void Resolve_picks_the_longest_section_prefix()
    {
        Assert.Equal(typeof(NestedSample), Samples.Resolve("Sample__Nested__Size").OptionsType);
        Assert.False(Samples.Resolve("Sample__Nested__Name").IsKnown); // RootSample has Nested.Name, but NestedSample owns Sample:Nested
        Assert.Equal(typeof(RootSample), Samples.Resolve("Sample__Name").OptionsType);
    }

    [Theory]
    [InlineData("Sample__Tags__0", true)]
    [InlineData("Sample__Tags__first", false)]
    [InlineData("Sample__Tags", false)]
    [InlineData("Sample__Limits__anything", true)]
    [InlineData("Sample__Limits__anything__deeper", false)]
    public void Resolve_collections_need_an_index_and_dictionaries_a_key(string key, bool known)
    {
        Assert.Equal(known, Samples.Resolve(key).IsKnown);
    }

    [Theory]
    [InlineData("Sample__Nested__Size", "12", true)]
    [InlineData("Sample__Nested__Size", "twelve", false)]
    [InlineData("Sample__Kind", "second", true)]
    [InlineData("Sample__Kind", "Third", false)]
    [InlineData("Sample__Timeout", "00:00:30", true)]
    [InlineData("Sample__Timeout", "30s", false)]
    [InlineData("Sample__Endpoint", "http://example:80", true)]
    public void ConversionProblem_reports_values_the_binder_cannot_convert(string key, string value, bool converts)
    {
        var resolution = Samples.Resolve(key);

        Assert.True(resolution.IsKnown, resolution.Problem);
        Assert.Equal(converts, resolution.ConversionProblem(value) is null);
    }

    public enum SampleKind
    {
        First,
        Second,
    }

    public sealed class RootSample
    {
        public const string Section = "Sample";

        public string Name { get; set; } = "";

        public SampleKind Kind { get; set; }

        public TimeSpan? Timeout { get; set; }

        public Uri? Endpoint { get; set; }

        public NestedSample Nested { get; } = new();

        public List<string> Tags { get; } = [];

        public Dictionary<string, int> Limits { get; } = [];
    }

    public sealed class NestedSample
    {
        public const string Section = "Sample:Nested";

        public int Size { get; set; }
    }
}
