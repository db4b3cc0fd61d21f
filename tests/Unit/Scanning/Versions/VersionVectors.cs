using ArtifactKeeper.Scanning.Versions;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Unit.Scanning.Versions;

/// <summary>One <c>a &lt;op&gt; b</c> vector and where it came from.</summary>
public sealed record VersionVector(string Source, string Left, char Operator, string Right)
{
    public int ExpectedSign => Operator switch { '<' => -1, '>' => 1, _ => 0 };

    public override string ToString() => $"{Source}: {Left} {Operator} {Right}";
}

/// <summary>
/// Reads the shared version vectors (fixtures/scanning/versions/*.txt, and the §8 tables of EXPECTED.md) and checks
/// an ordering against them, reporting every failing line at once.
/// </summary>
public static class VersionVectors
{
    /// <summary>The vectors of one upstream file: one "a op b" per line, blank lines and '#' or '//' comments skipped.</summary>
    public static IReadOnlyList<(int Line, VersionVector Vector)> ReadFile(string fileName)
    {
        var lines = File.ReadAllLines(SharedFixtures.Path($"scanning/versions/{fileName}"));
        var vectors = new List<(int, VersionVector)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal))
                continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(parts is [_, "<" or ">" or "=", _], $"{fileName}:{i + 1} is not 'a op b': {line}");
            vectors.Add((i + 1, new VersionVector($"{fileName}:{i + 1}", parts[0], parts[1][0], parts[2])));
        }

        return vectors;
    }

    /// <summary>The rows of the EXPECTED.md §8 table under the heading starting with <paramref name="heading"/>.</summary>
    public static IReadOnlyList<VersionVector> ReadExpectedTable(string heading)
    {
        var lines = File.ReadAllLines(SharedFixtures.Path("scanning/EXPECTED.md"));
        var start = Array.FindIndex(lines, line => line.StartsWith("### " + heading, StringComparison.Ordinal));
        Assert.True(start >= 0, $"EXPECTED.md has no heading '### {heading}'");

        var rows = new List<VersionVector>();
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith('#'); i++)
        {
            var cells = lines[i].Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 5 || !cells[1].StartsWith('`'))
                continue;
            rows.Add(new VersionVector($"EXPECTED.md:{i + 1}", cells[1].Trim('`'), cells[2][0], cells[3].Trim('`')));
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    /// <summary>Asserts every vector both ways (a op b and b reversed-op a) through Compare and TryCompare.</summary>
    public static void AssertAll(IVersionOrdering ordering, IEnumerable<VersionVector> vectors)
    {
        var failures = new List<string>();
        foreach (var vector in vectors)
        {
            var forward = ordering.Compare(vector.Left, vector.Right);
            var backward = ordering.Compare(vector.Right, vector.Left);
            var tried = ordering.TryCompare(vector.Left, vector.Right, out var viaTry);
            if (Math.Sign(forward) != vector.ExpectedSign || Math.Sign(backward) != -vector.ExpectedSign)
                failures.Add($"{vector}: Compare gave {forward}, reversed {backward}");
            else if (!tried || viaTry != forward)
                failures.Add($"{vector}: TryCompare gave {tried}/{viaTry}");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>Asserts that comparing the vectors never throws (lines whose expected result is not a hard assertion).</summary>
    public static void AssertNoThrow(IVersionOrdering ordering, IEnumerable<VersionVector> vectors)
    {
        foreach (var vector in vectors)
        {
            _ = ordering.Compare(vector.Left, vector.Right);
            _ = ordering.TryCompare(vector.Left, vector.Right, out _);
            _ = ordering.IsValid(vector.Left);
        }
    }

    public static VersionVector Inline(string left, string op, string right) => new("inline", left, op[0], right);
}
