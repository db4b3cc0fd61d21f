using System.Text.Json;
using System.Text.RegularExpressions;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Cvss;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Unit.Scanning.Cvss;

public sealed partial class CvssCalculatorTests
{
    [Theory]
    // Examples from the CVSS v3.1 specification's examples document and NVD.
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)] // Shellshock, CVE-2014-6271
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5)] // Heartbleed, CVE-2014-0160
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1)] // phpMyAdmin XSS, CVE-2013-1937
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3)]
    [InlineData("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8)] // glibc "Looney Tunables", CVE-2023-4911
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", 9.1)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0)] // scope changed, capped at 10
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9)] // PR:L weighs 0.68 when scope changes
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 9.1)] // PR:H weighs 0.5 when scope changes
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2)]
    [InlineData("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1)] // regreSSHion, CVE-2024-6387
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8)]
    [InlineData("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 5.5)]
    [InlineData("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:N/A:N", 6.8)]
    [InlineData("CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N", 4.7)] // CVE-2018-5407 (PortSmash)
    [InlineData("CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 6.2)]
    [InlineData("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6)]
    [InlineData("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0)] // no impact, no score
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N", 0.0)]
    [InlineData("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)]
    [InlineData("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N", 5.9)]
    // Temporal and environmental metrics are valid but leave the base score alone; order does not matter.
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C", 9.8)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:H/MAV:L/MS:C", 9.8)]
    [InlineData("CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H", 9.8)]
    public void BaseScore_matches_published_examples(string vector, double expected)
    {
        Assert.Equal(expected, CvssCalculator.BaseScore(vector));
        Assert.Equal(new CvssScore(vector, expected), CvssCalculator.Score(vector));
    }

    [Fact]
    public void Versions_3_0_and_3_1_share_the_base_equations()
    {
        // The two differ only in Roundup's floating-point guard and in environmental equations; no base vector
        // scores differently, so the same body scores the same under both prefixes.
        foreach (var body in new[] { "AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:H", "AV:A/AC:H/PR:L/UI:R/S:C/C:L/I:H/A:N" })
            Assert.Equal(CvssCalculator.BaseScore("CVSS:3.1/" + body), CvssCalculator.BaseScore("CVSS:3.0/" + body));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")] // no prefix
    [InlineData("CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H")] // A missing
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L")] // duplicate
    [InlineData("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")] // X is not a base value
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Z")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:N")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/")]
    [InlineData("CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    [InlineData("CVSS:3.1/av:n/ac:l/pr:n/ui:n/s:u/c:h/i:h/a:h")]
    [InlineData("CVSS:3.1//AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:P/A:P")] // CVSS v2
    public void Malformed_vectors_are_refused(string? vector)
    {
        Assert.Null(CvssCalculator.BaseScore(vector));
        Assert.False(CvssV3Vector.TryParse(vector, out var parsed));
        Assert.Null(parsed);
    }

    [Theory]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")]
    [InlineData("CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A")]
    public void Version_4_vectors_are_recognised_but_not_scored(string vector)
    {
        Assert.True(CvssCalculator.IsVersion4(vector));
        Assert.Null(CvssCalculator.BaseScore(vector));
        Assert.Equal(new CvssScore(vector, null), CvssCalculator.Score(vector));
    }

    [Fact]
    public void Every_vector_in_the_fixture_database_scores_as_EXPECTED_md_shows()
    {
        // The highest v3 score of each record, against every "SEVERITY (score)" cell of the EXPECTED.md tables.
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(SharedFixtures.Path("scanning/osv"), "*.json", SearchOption.AllDirectories))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var root = document.RootElement;
            if (!root.TryGetProperty("severity", out var severities) || severities.ValueKind != JsonValueKind.Array)
                continue;
            foreach (var severity in severities.EnumerateArray())
            {
                if (severity.GetProperty("type").GetString() != "CVSS_V3")
                    continue;
                var vector = severity.GetProperty("score").GetString();
                var score = CvssCalculator.BaseScore(vector);
                Assert.True(score is not null, $"{file}: {vector} did not score");
                var id = root.GetProperty("id").GetString()!;
                scores[id] = Math.Max(scores.GetValueOrDefault(id), score!.Value);
            }
        }

        var cells = ExpectedSeverityCell().Matches(SharedFixtures.Text("scanning/EXPECTED.md"));
        Assert.NotEmpty(cells);
        foreach (Match cell in cells)
        {
            var id = cell.Groups["id"].Value;
            var score = double.Parse(cell.Groups["score"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(scores.TryGetValue(id, out var computed), $"{id} has no CVSS v3 vector in osv/");
            Assert.Equal(score, computed);
            Assert.Equal(cell.Groups["word"].Value, SeverityMapping.FromScore(computed).ToString().ToUpperInvariant());
        }
    }

    [GeneratedRegex(@"^\|[^|]*\|\s*(?<id>[A-Z]+-[A-Za-z0-9:_-]+)\s*\|.*\|\s*(?<word>CRITICAL|HIGH|MEDIUM|LOW)\s*\((?<score>\d+\.\d)\)\s*\|", RegexOptions.Multiline)]
    private static partial Regex ExpectedSeverityCell();
}
