using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// Collects OSV documents one at a time and builds the database: deduplicated by the id inside the JSON (a
/// multi-ecosystem advisory sits in every ecosystem's dump), withdrawn records dropped, and only the match index kept.
/// When one id is read twice with different content, the later <c>modified</c> wins (then the lower content hash), so
/// the result does not depend on the order the files were read in.
/// </summary>
public sealed class OsvDatabaseBuilder
{
    private const int MaxProblems = 10;
    private readonly Dictionary<string, (OsvRecord Record, string Hash)> _records = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];
    private int _documents;
    private int _duplicates;
    private int _invalid;
    private int _ignored;

    /// <summary>Adds one JSON document read from <paramref name="origin"/>; an unreadable one is counted and skipped.</summary>
    public void Add(ReadOnlyMemory<byte> json, string origin)
    {
        _documents++;
        OsvRecord record;
        try
        {
            record = OsvRecordParser.Parse(json);
        }
        catch (OsvRecordException ex)
        {
            Skip(origin, ex.Message);
            return;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(json.Span));
        if (_records.TryGetValue(record.Id, out var existing))
        {
            _duplicates++;
            if (!Prefer(record, hash, existing.Record, existing.Hash))
            {
                return;
            }
        }

        _records[record.Id] = (record, hash);
    }

    /// <summary>Counts a document that could not be read (<paramref name="reason"/> names why).</summary>
    public void Skip(string origin, string reason)
    {
        _invalid++;
        if (_problems.Count < MaxProblems)
        {
            _problems.Add($"{origin}: {reason}");
        }
    }

    /// <summary>Counts a file that is not an OSV document (not .json or .zip).</summary>
    public void Ignore() => _ignored++;

    public OsvDatabase Build()
    {
        var kept = _records.Values.Where(entry => !entry.Record.Withdrawn).OrderBy(entry => entry.Record.Id, StringComparer.Ordinal).ToList();
        var index = new Dictionary<OsvPackageKey, List<OsvIndexEntry>>();
        foreach (var (record, _) in kept)
        {
            foreach (var affected in record.Affected)
            {
                var key = OsvPackageKey.For(affected.Ecosystem, affected.Name);
                if (!index.TryGetValue(key, out var entries))
                {
                    entries = [];
                    index[key] = entries;
                }

                entries.Add(new OsvIndexEntry(record.Advisory, affected));
            }
        }

        var statistics = new OsvLoadStatistics(_documents, kept.Count, _duplicates, _records.Count - kept.Count, _invalid, _ignored, _problems.ToList());
        return new OsvDatabase(index.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray()), Version(kept.Select(entry => (entry.Record.Id, entry.Hash))), kept.Count, statistics);
    }

    /// <summary>"empty" for no records; otherwise a hash over the kept records' ids and content hashes, in id order.</summary>
    internal static string Version(IEnumerable<(string Id, string Hash)> records)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var any = false;
        foreach (var (id, contentHash) in records)
        {
            any = true;
            hash.AppendData(Encoding.UTF8.GetBytes(id + "\n" + contentHash + "\n"));
        }

        return any ? "osv-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..32] : OsvDatabase.EmptyVersion;
    }

    private static bool Prefer(OsvRecord candidate, string candidateHash, OsvRecord existing, string existingHash)
    {
        var order = CompareModified(candidate.Modified, existing.Modified);
        return order != 0 ? order > 0 : string.CompareOrdinal(candidateHash, existingHash) < 0;
    }

    private static int CompareModified(string? a, string? b)
    {
        if (DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var left) &&
            DateTimeOffset.TryParse(b, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var right))
        {
            return left.CompareTo(right);
        }

        return string.CompareOrdinal(a, b);
    }
}

/// <summary>One affected package of one advisory, as the index holds it.</summary>
public sealed record OsvIndexEntry(OsvAdvisory Advisory, OsvAffectedPackage Package);
