namespace ArtifactKeeper.Scanning.Versions;

/// <summary>
/// Alpine's ordering (apk-tools <c>apk version -t</c>, also Wolfi and Chainguard), token by token over
/// <c>number{.number}...{letter}{_suffix{number}}...{~hash}{-rN}</c>:
/// <list type="bullet">
/// <item>the first number compares by value; a later number too, unless either side starts with '0', in which case
/// the two compare as text (a fraction: "4.09" &lt; "4.5");</item>
/// <item>suffixes rank _alpha &lt; _beta &lt; _pre &lt; _rc &lt; (none) &lt; _cvs &lt; _svn &lt; _git &lt; _hg &lt; _p;</item>
/// <item>when one side runs out of equal tokens, a pre-release suffix on the longer side makes it smaller, otherwise the
/// token kinds decide in the order digit, letter, suffix, suffix number, hash, revision, end, invalid
/// (so "1.2" &lt; "1.2.1", "1.2a" &lt; "1.2.1", "1.2" &lt; "1.2-r1", "1.2-r1" &lt; "1.2_p1").</item>
/// </list>
/// Like apk, <see cref="Compare"/> also orders strings the grammar rejects (the malformed part sorts low);
/// <see cref="IsValid"/> says whether the grammar accepts the string.
/// </summary>
public sealed class ApkVersionOrdering : IVersionOrdering
{
    public static readonly ApkVersionOrdering Instance = new();

    private const int NoSuffix = 5;

    public string Scheme => "apk";

    public bool IsValid(string? version)
    {
        if (version is null)
            return false;
        var tokens = new Tokenizer(version);
        while (tokens.Kind is not (TokenKind.End or TokenKind.Invalid))
            tokens.Next();
        return tokens.Kind == TokenKind.End;
    }

    public int Compare(string? a, string? b)
    {
        if (a is null || b is null)
            return a is not null ? 1 : b is not null ? -1 : 0;

        var left = new Tokenizer(a);
        var right = new Tokenizer(b);
        while (left.Kind == right.Kind)
        {
            if (left.Kind == TokenKind.Invalid)
                return Math.Sign(a.AsSpan(left.Start).SequenceCompareTo(b.AsSpan(right.Start)));
            if (left.Kind == TokenKind.End)
                return 0;
            var token = CompareTokens(left, right, a, b);
            if (token != 0)
                return token;
            left.Next();
            right.Next();
        }

        // Equal so far: a pre-release suffix makes its side older; otherwise the token that comes next decides.
        if (left.Kind == TokenKind.Suffix && left.Suffix < NoSuffix)
            return -1;
        if (right.Kind == TokenKind.Suffix && right.Suffix < NoSuffix)
            return 1;
        return left.Kind > right.Kind ? -1 : 1;
    }

    public bool TryCompare(string? a, string? b, out int result)
    {
        var valid = IsValid(a) && IsValid(b);
        result = valid ? Compare(a, b) : 0;
        return valid;
    }

    private static int CompareTokens(Tokenizer left, Tokenizer right, string a, string b)
    {
        var x = a.AsSpan(left.Start, left.Length);
        var y = b.AsSpan(right.Start, right.Length);
        switch (left.Kind)
        {
            case TokenKind.Digit when x[0] == '0' || y[0] == '0':
                return Math.Sign(x.SequenceCompareTo(y));
            case TokenKind.InitialDigit or TokenKind.Digit or TokenKind.SuffixNumber or TokenKind.Revision:
                return VersionText.CompareNumeric(x, y);
            case TokenKind.Suffix:
                return left.Suffix.CompareTo(right.Suffix);
            default:
                return Math.Sign(x.SequenceCompareTo(y));
        }
    }

    /// <summary>Token kinds in apk's order; when two versions differ in kind, the later kind is the smaller version.</summary>
    private enum TokenKind
    {
        InitialDigit,
        Digit,
        Letter,
        Suffix,
        SuffixNumber,
        CommitHash,
        Revision,
        End,
        Invalid,
    }

    /// <summary>Walks a version one token at a time; a token's text is [Start, Start+Length).</summary>
    private sealed class Tokenizer
    {
        private static readonly string[] Suffixes = ["alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"];

        private readonly string text;
        private int position;

        public Tokenizer(string text)
        {
            this.text = text;
            Kind = TokenKind.InitialDigit;
            ReadValue();
        }

        public TokenKind Kind { get; private set; }

        public int Start { get; private set; }

        public int Length { get; private set; }

        /// <summary>Rank of a suffix token: alpha=1 … rc=4, none=5, cvs=6 … p=10.</summary>
        public int Suffix { get; private set; }

        public void Next()
        {
            if (position >= text.Length)
            {
                Kind = TokenKind.End;
                Start = position;
                Length = 0;
                return;
            }

            var c = text[position];
            Start = position;
            switch (c)
            {
                case >= 'a' and <= 'z' when Kind <= TokenKind.Digit:
                    Kind = TokenKind.Letter;
                    Length = 1;
                    position++;
                    return;
                case '.' when Kind <= TokenKind.Digit:
                    Kind = TokenKind.Digit;
                    position++;
                    break;
                case '_' when Kind <= TokenKind.SuffixNumber:
                    Kind = TokenKind.Suffix;
                    position++;
                    break;
                case '~' when Kind < TokenKind.CommitHash:
                    Kind = TokenKind.CommitHash;
                    position++;
                    break;
                case '-' when Kind < TokenKind.Revision && VersionText.At(text, position + 1) == 'r':
                    Kind = TokenKind.Revision;
                    position += 2;
                    break;
                case >= '0' and <= '9' when Kind == TokenKind.Suffix:
                    Kind = TokenKind.SuffixNumber;
                    break;
                default:
                    Kind = TokenKind.Invalid;
                    Length = 0;
                    return;
            }

            ReadValue();
        }

        private void ReadValue()
        {
            Start = position;
            Func<char, bool> accepts = Kind switch
            {
                TokenKind.Suffix => c => c is >= 'a' and <= 'z',
                TokenKind.CommitHash => c => VersionText.IsDigit(c) || c is >= 'a' and <= 'f',
                _ => VersionText.IsDigit,
            };
            while (position < text.Length && accepts(text[position]))
                position++;
            Length = position - Start;

            if (Length == 0)
            {
                Kind = TokenKind.Invalid;
                return;
            }

            if (Kind == TokenKind.Suffix)
            {
                Suffix = Array.IndexOf(Suffixes, text.Substring(Start, Length)) + 1;
                if (Suffix == 0)
                    Kind = TokenKind.Invalid;
            }
        }
    }
}
