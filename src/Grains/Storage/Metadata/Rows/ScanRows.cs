using System.Data.Common;
using ArtifactKeeper.Scanning;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a <c>scan_reports</c> row selected as <see cref="Columns"/>: the scan, and its summary once one is stored.</summary>
internal static class ScanRows
{
    public const string Columns =
        "report_id, digest, repository, scanner_name, scanner_vendor, scanner_version, status, database_version, start_time, end_time, error, requester, severity, total, fixable, summary";

    public static ScanOverviewRow Read(DbDataReader reader)
    {
        var scan = new ScanRecord(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            new ScannerIdentity(reader.GetString(3), reader.GetString(4), reader.GetString(5)),
            ScanSummaryJson.Status(reader.GetString(6)),
            reader.GetStringOrNull(7),
            reader.GetInstant(8),
            reader.GetInstantOrNull(9),
            reader.GetStringOrNull(10),
            reader.GetStringOrNull(11));
        var summary = reader.IsDBNull(15)
            ? null
            : new ScanSummaryCounts((VulnerabilitySeverity)reader.GetInt32(12), reader.GetInt32(13), reader.GetInt32(14), ScanSummaryJson.Read(reader.GetString(15)));
        return new ScanOverviewRow(scan, summary);
    }
}
