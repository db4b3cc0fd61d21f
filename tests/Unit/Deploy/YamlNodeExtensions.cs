using YamlDotNet.RepresentationModel;

namespace ArtifactKeeper.Tests.Unit.Deploy;

/// <summary>Null-tolerant navigation over YamlDotNet's representation model: a missing or mistyped node reads as absent.</summary>
internal static class YamlNodeExtensions
{
    public static YamlNode? Child(this YamlMappingNode? node, string key) =>
        node?.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: var k } && k == key).Value;

    public static YamlMappingNode? Mapping(this YamlMappingNode? node, string key) => node.Child(key) as YamlMappingNode;

    public static string? Scalar(this YamlMappingNode? node, string key) => (node.Child(key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlMappingNode> Mappings(this YamlMappingNode? node, string key) =>
        (node.Child(key) as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [];

    public static IEnumerable<string> Scalars(this YamlMappingNode? node, string key) =>
        (node.Child(key) as YamlSequenceNode)?.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "") ?? [];

    /// <summary>The scalar entries of a string-to-string map such as <c>labels</c> or a ConfigMap's <c>data</c>.</summary>
    public static IReadOnlyDictionary<string, string> ToStringMap(this YamlMappingNode? node) =>
        node?.Children
            .Where(pair => pair.Key is YamlScalarNode && pair.Value is YamlScalarNode)
            .ToDictionary(pair => ((YamlScalarNode)pair.Key).Value ?? "", pair => ((YamlScalarNode)pair.Value).Value ?? "", StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
