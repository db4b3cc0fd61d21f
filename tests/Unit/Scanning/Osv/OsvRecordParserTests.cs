using System.Text;
using ArtifactKeeper.Scanning.Osv;

namespace ArtifactKeeper.Tests.Unit.Scanning.Osv;

public sealed class OsvRecordParserTests
{
    [Fact]
    public void Parse_tolerates_the_shapes_real_records_have()
    {
        var json = """
            {
              "id": "CVE-2018-5407", "aliases": [], "severity": [], "upstream": ["CVE-2018-5407"],
              "details": "  text  ",
              "database_specific": {"cwe_ids": ["CWE-200", 7], "severity": "MODERATE"},
              "affected": [
                {"ranges": [{"type": "GIT", "repo": "https://example.com/openssl", "events": [{"introduced": "0"}]}]},
                {"package": {"ecosystem": "Alpine:v3.4", "name": "openssl"}, "versions": [],
                 "ranges": [{"type": "GIT", "events": [{"fixed": "abc"}]}, {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.0.2q-r0"}, {"unknown": "x"}]}],
                 "ecosystem_specific": {"urgency": "low"},
                 "database_specific": {"cwes": [{"cweId": "CWE-385", "name": "Covert Timing Channel"}]}},
                {"package": {"ecosystem": "npm"}},
                "not an object"
              ]
            }
            """;

        var record = OsvRecordParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal("CVE-2018-5407", record.Id);
        Assert.Empty(record.Advisory.Aliases);
        Assert.Empty(record.Advisory.CvssVectors);
        Assert.Equal("text", record.Advisory.Description);
        Assert.Equal(["CWE-200"], record.Advisory.CweIds);
        Assert.Equal("MODERATE", record.Advisory.DatabaseSeverity);
        var affected = Assert.Single(record.Affected);
        Assert.Equal(("Alpine:v3.4", "openssl", "low"), (affected.Ecosystem, affected.Name, affected.Urgency));
        var range = Assert.Single(affected.Ranges);
        Assert.Equal(OsvRangeType.Ecosystem, range.Type);
        Assert.Equal([new OsvEvent(OsvEventKind.Introduced, "0"), new OsvEvent(OsvEventKind.Fixed, "1.0.2q-r0")], range.Events);
        Assert.Equal(["CWE-385"], affected.CweIds);
        Assert.False(record.Withdrawn);
    }

    [Fact]
    public void Parse_reads_withdrawn_summary_before_details_and_cvss_vectors_without_v2()
    {
        var json = """
            {"id":"GHSA-1","withdrawn":"2024-01-01T00:00:00Z","summary":"Short","details":"Long",
             "aliases":["CVE-1"],"upstream":["CVE-2","GHSA-1"],
             "severity":[{"type":"CVSS_V2","score":"AV:N/AC:L/Au:N/C:P/I:P/A:P"},{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},{"type":"CVSS_V4","score":"CVSS:4.0/AV:N"}],
             "affected":[]}
            """;

        var record = OsvRecordParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.True(record.Withdrawn);
        Assert.Equal("Short", record.Advisory.Description);
        Assert.Equal(["CVE-1", "CVE-2"], record.Advisory.Aliases);
        Assert.Equal(["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:4.0/AV:N"], record.Advisory.CvssVectors);
        Assert.Empty(record.Affected);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"summary\":\"no id\"}")]
    [InlineData("{\"id\":42}")]
    [InlineData("{\"id\":\"  \"}")]
    public void Parse_refuses_what_is_not_an_osv_record(string json)
    {
        Assert.Throws<OsvRecordException>(() => OsvRecordParser.Parse(Encoding.UTF8.GetBytes(json)));
    }
}
