using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ArtifactKeeper.Policy;

/// <summary>
/// A path pattern with the semantics of Go's <c>bmatcuk/doublestar</c> (v4), which Harbor's selectors use for
/// repositories and tags. Paths are split on <c>/</c>:
/// <list type="bullet">
/// <item><c>*</c> any run of characters except <c>/</c>; <c>?</c> one character except <c>/</c>;</item>
/// <item><c>**</c> as a whole path component any number of components (zero included), so <c>**</c> matches
/// everything, <c>a/**</c> matches <c>a</c> and everything below it, <c>**/b</c> matches <c>b</c> and <c>x/y/b</c>;
/// anywhere else <c>**</c> is a plain <c>*</c>;</item>
/// <item><c>[abc]</c>, <c>[a-z]</c>, <c>[!a-z]</c> or <c>[^a-z]</c> one character of (or not of) a class, never <c>/</c>;</item>
/// <item><c>{a,b*,c/**}</c> one of the alternatives, which may nest and hold any other syntax;</item>
/// <item><c>\x</c> the character <c>x</c> itself.</item>
/// </list>
/// An unclosed <c>[</c> or <c>{</c>, an empty class or a trailing <c>\</c> make the pattern invalid
/// (doublestar's ErrBadPattern). Matching is case-sensitive and always against the whole value.
/// The pattern is compiled once to a non-backtracking regular expression, so matching time is linear.
/// </summary>
public sealed class DoublestarPattern
{
    private readonly Regex _regex;

    private DoublestarPattern(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    /// <summary>Compiles <paramref name="pattern"/>; false with a reason when it is not a valid doublestar pattern.</summary>
    public static bool TryParse(string pattern, out DoublestarPattern? parsed, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        parsed = null;
        var translator = new Translator(pattern);
        if (!translator.TryTranslate(out var expression, out error))
        {
            return false;
        }

        parsed = new DoublestarPattern(pattern, new Regex(expression, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.Singleline));
        return true;
    }

    /// <summary>Compiles a pattern known to be valid; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static DoublestarPattern Parse(string pattern) =>
        TryParse(pattern, out var parsed, out var error) ? parsed! : throw new ArgumentException(error, nameof(pattern));

    public bool IsMatch(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _regex.IsMatch(value);
    }

    public override string ToString() => Pattern;

    /// <summary>One left-to-right pass over the pattern, writing the equivalent anchored regular expression.</summary>
    private sealed class Translator(string pattern)
    {
        private const string AnyButSeparator = "[^/]";
        private readonly StringBuilder _out = new();
        private int _position;
        private int _braceDepth;

        public bool TryTranslate(out string expression, out string? error)
        {
            _out.Append(@"\A(?:");
            error = Sequence(topLevel: true);
            _out.Append(@")\z");
            expression = _out.ToString();
            return error is null;
        }

        /// <summary>Translates until the end (top level) or until the <c>,</c> or <c>}</c> that ends an alternative.</summary>
        private string? Sequence(bool topLevel)
        {
            while (_position < pattern.Length)
            {
                var c = pattern[_position];
                switch (c)
                {
                    case ',' or '}' when !topLevel:
                        return null;
                    case '*':
                        Star();
                        break;
                    case '?':
                        _position++;
                        _out.Append(AnyButSeparator);
                        break;
                    case '[':
                        if (Class() is { } classError)
                        {
                            return classError;
                        }

                        break;
                    case '{':
                        if (Alternatives() is { } braceError)
                        {
                            return braceError;
                        }

                        break;
                    case '\\':
                        if (_position + 1 >= pattern.Length)
                        {
                            return "the pattern ends with an escape character '\\'";
                        }

                        Literal(pattern[_position + 1]);
                        _position += 2;
                        break;
                    default:
                        Literal(c);
                        _position++;
                        break;
                }
            }

            return topLevel ? null : $"'{{' at position {StartOfOpenBrace()} is never closed";
        }

        private void Star()
        {
            var start = _position;
            while (_position < pattern.Length && pattern[_position] == '*')
            {
                _position++;
            }

            var run = _position - start;
            var atComponentStart = start == 0 || pattern[start - 1] == '/' || (_braceDepth > 0 && pattern[start - 1] is '{' or ',');
            var atComponentEnd = _position == pattern.Length || pattern[_position] == '/' || (_braceDepth > 0 && pattern[_position] is '}' or ',');
            if (run < 2 || !atComponentStart || !atComponentEnd)
            {
                _out.Append(AnyButSeparator).Append('*');
                return;
            }

            var followedBySlash = _position < pattern.Length && pattern[_position] == '/';
            var precededBySlash = start > 0 && pattern[start - 1] == '/';
            if (followedBySlash)
            {
                // "**/" : zero or more whole components, each with its separator.
                _position++;
                _out.Append("(?:.*/)?");
            }
            else if (precededBySlash && EndsWithSeparator())
            {
                // ".../**" at the end: the parent itself, or anything below it.
                _out.Length--;
                _out.Append("(?:/.*)?");
            }
            else
            {
                _out.Append(".*");
            }
        }

        private bool EndsWithSeparator() => _out.Length > 0 && _out[^1] == '/';

        private string? Class()
        {
            var open = _position;
            _position++;
            var negated = _position < pattern.Length && pattern[_position] is '!' or '^';
            if (negated)
            {
                _position++;
            }

            var items = new StringBuilder();
            var count = 0;
            while (true)
            {
                if (_position >= pattern.Length)
                {
                    return $"'[' at position {open} is never closed";
                }

                if (pattern[_position] == ']')
                {
                    if (count == 0)
                    {
                        return $"the character class at position {open} is empty";
                    }

                    _position++;
                    break;
                }

                if (!TryClassChar(out var low, out var error))
                {
                    return error;
                }

                var high = low;
                if (_position + 1 < pattern.Length && pattern[_position] == '-' && pattern[_position + 1] != ']')
                {
                    _position++;
                    if (!TryClassChar(out high, out error))
                    {
                        return error;
                    }
                }

                count++;
                if (low <= high)
                {
                    items.Append(Escape(low));
                    if (high != low)
                    {
                        items.Append('-').Append(Escape(high));
                    }
                }
            }

            if (negated)
            {
                _out.Append("[^/").Append(items).Append(']');
            }
            else if (items.Length == 0)
            {
                // Only reversed ranges: doublestar matches no character with them.
                _out.Append(@"[^\s\S]");
            }
            else
            {
                _out.Append('[').Append(items).Append("-[/]]");
            }

            return null;
        }

        private bool TryClassChar(out char value, out string? error)
        {
            error = null;
            value = pattern[_position];
            if (value == '\\')
            {
                if (_position + 1 >= pattern.Length)
                {
                    error = "the pattern ends with an escape character '\\'";
                    return false;
                }

                value = pattern[_position + 1];
                _position += 2;
                return true;
            }

            _position++;
            return true;
        }

        private string? Alternatives()
        {
            _position++;
            _braceDepth++;
            _out.Append("(?:");
            while (true)
            {
                if (Sequence(topLevel: false) is { } error)
                {
                    return error;
                }

                var c = pattern[_position++];
                if (c == '}')
                {
                    break;
                }

                _out.Append('|');
            }

            _out.Append(')');
            _braceDepth--;
            return null;
        }

        private int StartOfOpenBrace()
        {
            var depth = 0;
            for (var i = pattern.Length - 1; i >= 0; i--)
            {
                if (pattern[i] == '}' && !IsEscaped(i))
                {
                    depth++;
                }
                else if (pattern[i] == '{' && !IsEscaped(i) && depth-- == 0)
                {
                    return i;
                }
            }

            return 0;
        }

        private bool IsEscaped(int index)
        {
            var backslashes = 0;
            for (var i = index - 1; i >= 0 && pattern[i] == '\\'; i--)
            {
                backslashes++;
            }

            return backslashes % 2 == 1;
        }

        private void Literal(char c) => _out.Append(c == '/' ? "/" : Regex.Escape(c.ToString()));

        private static string Escape(char c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
    }
}
