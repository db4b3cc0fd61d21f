namespace ArtifactKeeper.Auth;

/// <summary>Parses the <c>scope</c> parameters of a Docker token request.</summary>
public static class RegistryScopeParser
{
    private static readonly char[] ScopeSeparators = [' ', '\t'];

    /// <summary>
    /// Parses <c>type[(class)]:name:actions</c>. The name sits between the first and the last colon so
    /// that names carrying a registry host and port (<c>localhost:5000/app</c>) survive.
    /// </summary>
    public static bool TryParse(string scope, out RegistryScope? parsed)
    {
        parsed = null;
        if (string.IsNullOrEmpty(scope) || ContainsWhitespaceOrControl(scope))
        {
            return false;
        }

        var firstColon = scope.IndexOf(':', StringComparison.Ordinal);
        var lastColon = scope.LastIndexOf(':');
        if (firstColon <= 0 || lastColon == firstColon)
        {
            return false;
        }

        if (!TryReadType(scope.AsSpan(0, firstColon), out var type))
        {
            return false;
        }

        var name = scope.Substring(firstColon + 1, lastColon - firstColon - 1);
        if (name.Length == 0)
        {
            return false;
        }

        var actions = ReadActions(scope.AsSpan(lastColon + 1));
        if (actions.Count == 0)
        {
            return false;
        }

        parsed = new RegistryScope(type, name, actions);
        return true;
    }

    /// <summary>
    /// Parses every scope in <paramref name="values"/>; a value may hold several scopes separated by spaces.
    /// Empty values are ignored. On failure <paramref name="invalid"/> holds the first malformed scope.
    /// </summary>
    public static bool TryParseAll(IEnumerable<string> values, out IReadOnlyList<RegistryScope> scopes, out string? invalid)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new List<RegistryScope>();
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            foreach (var part in value.Split(ScopeSeparators, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!TryParse(part, out var scope))
                {
                    scopes = [];
                    invalid = part;
                    return false;
                }

                result.Add(scope!);
            }
        }

        scopes = result;
        invalid = null;
        return true;
    }

    // "repository(plugin)" names a resource class; only the type matters for access decisions.
    private static bool TryReadType(ReadOnlySpan<char> text, out string type)
    {
        type = string.Empty;
        var open = text.IndexOf('(');
        if (open < 0)
        {
            if (text.IndexOf(')') >= 0)
            {
                return false;
            }

            type = text.ToString();
            return true;
        }

        var close = text.IndexOf(')');
        if (open == 0 || close != text.Length - 1 || close == open + 1 || text[(open + 1)..close].IndexOfAny('(', ')') >= 0)
        {
            return false;
        }

        type = text[..open].ToString();
        return true;
    }

    private static List<string> ReadActions(ReadOnlySpan<char> text)
    {
        var actions = new List<string>();
        foreach (var range in text.Split(','))
        {
            var action = text[range];
            if (action.IsEmpty)
            {
                continue;
            }

            var value = action.ToString();
            if (!actions.Contains(value, StringComparer.Ordinal))
            {
                actions.Add(value);
            }
        }

        return actions;
    }

    private static bool ContainsWhitespaceOrControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
