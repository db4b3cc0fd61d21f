using System.Text.Json;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// Reads one OSV JSON record, tolerantly: a field of an unexpected type is treated as absent rather than failing
/// the record (an <c>affected[]</c> entry without <c>package</c>, empty arrays, <c>cwes</c> objects as well as
/// <c>cwe_ids</c> strings, GIT ranges, events with unknown keys). Only a document that is not JSON, is not an
/// object, or has no string <c>id</c> is refused, with <see cref="OsvRecordException"/>.
/// </summary>
public static class OsvRecordParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    public static OsvRecord Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new OsvRecordException($"not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new OsvRecordException("not a JSON object");
            }

            var id = String(root, "id");
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new OsvRecordException("no \"id\"");
            }

            var databaseSpecific = Object(root, "database_specific");
            var advisory = new OsvAdvisory(
                id.Trim(),
                Description(root),
                Aliases(root, id),
                Strings(Array(root, "references").Select(reference => String(reference, "url"))),
                CweIds(databaseSpecific),
                CvssVectors(root),
                databaseSpecific is { } specific ? NonEmpty(String(specific, "severity")) : null);
            var withdrawn = root.TryGetProperty("withdrawn", out var withdrawnValue) && withdrawnValue.ValueKind is not (JsonValueKind.Null or JsonValueKind.False);
            var affected = Array(root, "affected").Select(Affected).OfType<OsvAffectedPackage>().ToList();
            return new OsvRecord(advisory, withdrawn, NonEmpty(String(root, "modified")), affected);
        }
    }

    private static OsvAffectedPackage? Affected(JsonElement entry)
    {
        if (Object(entry, "package") is not { } package)
        {
            return null;
        }

        var ecosystem = NonEmpty(String(package, "ecosystem"));
        var name = NonEmpty(String(package, "name"));
        if (ecosystem is null || name is null)
        {
            return null;
        }

        var ranges = Array(entry, "ranges").Select(Range).OfType<OsvRange>().ToList();
        var versions = Strings(Array(entry, "versions").Select(StringValue));
        var urgency = Object(entry, "ecosystem_specific") is { } ecosystemSpecific ? NonEmpty(String(ecosystemSpecific, "urgency")) : null;
        return new OsvAffectedPackage(ecosystem, name, ranges, versions, urgency, CvssVectors(entry), CweIds(Object(entry, "database_specific")));
    }

    private static OsvRange? Range(JsonElement range)
    {
        var type = String(range, "type") switch
        {
            "SEMVER" => OsvRangeType.Semver,
            "ECOSYSTEM" => OsvRangeType.Ecosystem,
            _ => (OsvRangeType?)null,
        };
        if (type is null)
        {
            return null;
        }

        var events = new List<OsvEvent>();
        foreach (var item in Array(range, "events"))
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var property in item.EnumerateObject())
            {
                OsvEventKind? kind = property.Name switch
                {
                    "introduced" => OsvEventKind.Introduced,
                    "fixed" => OsvEventKind.Fixed,
                    "last_affected" => OsvEventKind.LastAffected,
                    "limit" => OsvEventKind.Limit,
                    _ => null,
                };
                if (kind is { } known && NonEmpty(StringValue(property.Value)) is { } version)
                {
                    events.Add(new OsvEvent(known, version.Trim()));
                }
            }
        }

        return events.Count == 0 ? null : new OsvRange(type.Value, events);
    }

    private static string? Description(JsonElement root) =>
        NonEmpty(String(root, "summary")?.Trim()) ?? NonEmpty(String(root, "details")?.Trim());

    private static List<string> Aliases(JsonElement root, string id) =>
        Strings(Array(root, "aliases").Concat(Array(root, "upstream")).Select(StringValue))
            .Where(alias => !string.Equals(alias, id, StringComparison.Ordinal))
            .ToList();

    private static List<string> CvssVectors(JsonElement owner) =>
        Strings(Array(owner, "severity")
            .Where(entry => String(entry, "type") is { } type && type.StartsWith("CVSS_V", StringComparison.Ordinal) && type != "CVSS_V2")
            .Select(entry => String(entry, "score")));

    /// <summary><c>cwe_ids</c> strings (GitHub, top level) and <c>cwes[].cweId</c> objects (GitHub, per package).</summary>
    private static List<string> CweIds(JsonElement? databaseSpecific)
    {
        if (databaseSpecific is not { } specific)
        {
            return [];
        }

        var fromStrings = Array(specific, "cwe_ids").Select(StringValue);
        var fromObjects = Array(specific, "cwes").Select(cwe => cwe.ValueKind == JsonValueKind.String ? cwe.GetString() : String(cwe, "cweId"));
        return Strings(fromStrings.Concat(fromObjects));
    }

    private static List<string> Strings(IEnumerable<string?> values) =>
        values.Select(value => value?.Trim()).OfType<string>().Where(value => value.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    private static IEnumerable<JsonElement> Array(JsonElement owner, string name)
    {
        if (owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                yield return item;
            }
        }
    }

    private static JsonElement? Object(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    private static string? String(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) ? StringValue(value) : null;

    private static string? StringValue(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>A document could not be read as an OSV record (the loader skips and counts it).</summary>
public sealed class OsvRecordException(string message, Exception? inner = null) : Exception(message, inner);
