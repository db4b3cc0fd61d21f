using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using ArtifactKeeper.Hosting;

namespace ArtifactKeeper.Tests.Unit.Deploy;

/// <summary>
/// Maps environment keys (<c>ArtifactKeeper__Blobs__S3__Bucket</c>) to the options property that binds them, the way
/// ASP.NET configuration does: <c>__</c> is <c>:</c>, names are case-insensitive. Options classes are found by reflection:
/// any type with a <c>public const string Section</c>; the longest Section prefixing the key owns it.
/// </summary>
internal sealed class ConfigurationKeyMap
{
    private readonly List<(string Section, string[] Segments, Type Type)> _sections;

    public ConfigurationKeyMap(IEnumerable<Type> types)
    {
        _sections = types
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => (Section: (string)x.Field!.GetRawConstantValue()!, x.Type))
            .Select(x => (x.Section, x.Section.Split(':'), x.Type))
            .ToList();
    }

    /// <summary>Options classes of ArtifactKeeper.Gateway and every ArtifactKeeper.* assembly it references, transitively.</summary>
    public static ConfigurationKeyMap ForProduct() => new(ProductAssemblies().SelectMany(a => a.GetTypes()));

    public IEnumerable<string> Sections => _sections.Select(s => s.Section).Distinct().Order(StringComparer.Ordinal);

    public static IReadOnlyList<Assembly> ProductAssemblies()
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(Program).Assembly, typeof(SiloOptions).Assembly, typeof(ArtifactKeeperOptions).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            if (!found.TryAdd(assembly.GetName().Name ?? "", assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name?.StartsWith("ArtifactKeeper.", StringComparison.Ordinal) == true && !found.ContainsKey(reference.Name))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }

        return found.Values.ToList();
    }

    public static string ToConfigurationKey(string environmentKey) => environmentKey.Replace("__", ":", StringComparison.Ordinal);

    public KeyResolution Resolve(string environmentKey)
    {
        var key = ToConfigurationKey(environmentKey);
        var segments = key.Split(':');
        if (segments.Any(s => s.Length == 0))
        {
            return KeyResolution.Unknown(key, "has an empty segment");
        }

        var owners = _sections
            .Where(s => s.Segments.Length <= segments.Length
                && s.Segments.Select((segment, i) => string.Equals(segment, segments[i], StringComparison.OrdinalIgnoreCase)).All(x => x))
            .GroupBy(s => s.Segments.Length)
            .MaxBy(g => g.Key);
        if (owners is null)
        {
            return KeyResolution.Unknown(key, $"no options class has a Section prefixing it (sections: {string.Join(", ", Sections)})");
        }

        var remainder = segments[owners.Key..];
        var problems = new List<string>();
        foreach (var (section, _, type) in owners)
        {
            if (remainder.Length == 0)
            {
                problems.Add($"it is the section {section} of {type.Name} itself, not a setting in it");
                continue;
            }

            var walk = Walk(type, remainder);
            if (walk.ValueType is not null)
            {
                return new KeyResolution(key, section, type, walk.ValueType, null);
            }

            problems.Add(walk.Problem!);
        }

        return KeyResolution.Unknown(key, string.Join("; ", problems));
    }

    /// <summary>Follows the segments through properties, collection indexes and dictionary keys to a value a string can set.</summary>
    private static (Type? ValueType, string? Problem) Walk(Type type, string[] segments)
    {
        var current = type;
        var path = type.Name;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            current = Nullable.GetUnderlyingType(current) ?? current;
            if (IsStringSettable(current))
            {
                return (null, $"{path} is a {current.Name} value, with nothing named '{segment}' below it");
            }

            if (DictionaryValueType(current) is { } dictionaryValue)
            {
                current = dictionaryValue;
                path += $"[{segment}]";
            }
            else if (CollectionElementType(current) is { } element)
            {
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return (null, $"{path} is a collection of {element.Name}, indexed by number, not '{segment}'");
                }

                current = element;
                path += $"[{segment}]";
            }
            else
            {
                var property = current.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase) && p.GetIndexParameters().Length == 0);
                if (property?.GetMethod is not { IsPublic: true })
                {
                    return (null, $"{path} has no public property '{segment}'");
                }

                path += "." + property.Name;
                if (last && property.SetMethod is not { IsPublic: true })
                {
                    return (null, $"{path} has no public setter");
                }

                current = property.PropertyType;
            }

            if (last && !IsStringSettable(current))
            {
                return (null, $"{path} is a {current.Name}, not a value one key can set");
            }
        }

        return (current, null);
    }

    /// <summary>What the configuration binder converts from a string: strings and types whose TypeConverter accepts one.</summary>
    internal static bool IsStringSettable(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));
    }

    private static Type? DictionaryValueType(Type type) =>
        InterfacesOf(type)
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)))
            .Where(i => i.GetGenericArguments()[0] == typeof(string))
            .Select(i => i.GetGenericArguments()[1])
            .FirstOrDefault();

    private static Type? CollectionElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : InterfacesOf(type).Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)).Select(i => i.GetGenericArguments()[0]).FirstOrDefault();

    private static IEnumerable<Type> InterfacesOf(Type type) => type.IsInterface ? type.GetInterfaces().Prepend(type) : type.GetInterfaces();
}

/// <summary>Where a configuration key binds: the options class and the type of the value, or why it binds nowhere.</summary>
internal sealed record KeyResolution(string ConfigurationKey, string? Section, Type? OptionsType, Type? ValueType, string? Problem)
{
    public bool IsKnown => Problem is null;

    public static KeyResolution Unknown(string key, string problem) => new(key, null, null, null, problem);

    /// <summary>Converts a value as the configuration binder would; returns why it cannot, or null when it can.</summary>
    public string? ConversionProblem(string value)
    {
        if (ValueType is null)
        {
            return Problem;
        }

        var type = Nullable.GetUnderlyingType(ValueType) ?? ValueType;
        if (type == typeof(string) || (value.Length == 0 && type != ValueType))
        {
            return null;
        }

        try
        {
            _ = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception ex)
        {
            return $"'{value}' does not convert to {type.Name}: {ex.Message}";
        }
    }
}
