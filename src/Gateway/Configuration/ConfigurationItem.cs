namespace ArtifactKeeper.Configuration;

/// <summary>The JSON type of a configuration value, as Harbor's Configurations model declares it.</summary>
public enum ConfigurationKind
{
    String = 0,
    Boolean,
    Integer,
}

/// <summary>
/// One system configuration value: its type, current value (a string, bool or long) and whether the API may change it.
/// <paramref name="Source"/> names where a value that is not editable comes from, for the refusal message.
/// </summary>
public sealed record ConfigurationItem(ConfigurationKind Kind, object Value, bool Editable, string? Source = null)
{
    public static ConfigurationItem Fixed(string value, string source) => new(ConfigurationKind.String, value, false, source);

    public static ConfigurationItem Fixed(bool value, string source) => new(ConfigurationKind.Boolean, value, false, source);

    public static ConfigurationItem Fixed(long value, string source) => new(ConfigurationKind.Integer, value, false, source);
}
