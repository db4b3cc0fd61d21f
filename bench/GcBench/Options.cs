using System.Globalization;

namespace ArtifactKeeper.Bench.Gc;

/// <summary><c>--key value</c> pairs after the command name.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Options(IReadOnlyList<string> args)
    {
        for (var i = 1; i + 1 < args.Count; i += 2)
        {
            _values[args[i].TrimStart('-')] = args[i + 1];
        }
    }

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public string Required(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
