using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ArtifactKeeper.Bench.Gc;

/// <summary>
/// Drives one GC run through Harbor's API: POST /api/v2.0/system/gc/schedule (Manual) answers 201 with the run's
/// Location; GET on it until job_status ends; GET …/log for the phase lines the figures come from.
/// </summary>
internal sealed partial class GcRun(HttpClient http)
{
    public static HttpClient Client(string baseUrl, string credentials)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return client;
    }

    public async Task<long> StartAsync(int workers, CancellationToken cancellationToken)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $$$"""{"schedule":{"type":"Manual"},"parameters":{"workers":{{{workers}}},"delete_untagged":false}}""");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("api/v2.0/system/gc/schedule", UriKind.Relative), content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created || response.Headers.Location is null)
        {
            throw new InvalidOperationException($"GC start answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return long.Parse(response.Headers.Location.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
    }

    /// <summary>Polls the run until it ends, then reads its log.</summary>
    public async Task<GcFigures> WaitAsync(long id, CancellationToken cancellationToken)
    {
        string status;
        while (true)
        {
            var json = await http.GetStringAsync(new Uri($"api/v2.0/system/gc/{id}", UriKind.Relative), cancellationToken);
            using var document = JsonDocument.Parse(json);
            status = document.RootElement.GetProperty("job_status").GetString() ?? string.Empty;
            if (status is not ("Pending" or "Running"))
            {
                break;
            }

            await Task.Delay(100, cancellationToken);
        }

        var log = await http.GetStringAsync(new Uri($"api/v2.0/system/gc/{id}/log", UriKind.Relative), cancellationToken);
        return GcFigures.FromLog(id, status, log);
    }

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (.*)$")]
    internal static partial Regex Line();

    [GeneratedRegex(@"^Run: (\d+) blobs")]
    internal static partial Regex Scanned();

    [GeneratedRegex(@"^Finished in [\d.]+ s: (\d+) blobs")]
    internal static partial Regex Deleted();
}

/// <summary>A run's figures as read from its log: the first line starts the clock, the phase lines split it.</summary>
internal sealed record GcFigures(long Id, string Status, DateTimeOffset Started, DateTimeOffset ReferencesChecked, DateTimeOffset Swept, DateTimeOffset Finished, long Scanned, long Deleted)
{
    public static GcFigures FromLog(long id, string status, string log)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => GcRun.Line().Match(line))
            .Where(match => match.Success)
            .Select(match => (At: DateTimeOffset.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), Text: match.Groups[2].Value))
            .ToList();
        if (lines.Count == 0)
        {
            throw new InvalidOperationException($"GC run {id} ({status}) has no log lines");
        }

        DateTimeOffset At(string prefix) => lines.FirstOrDefault(l => l.Text.StartsWith(prefix, StringComparison.Ordinal)).At;
        long Number(Regex pattern) => lines.Select(l => pattern.Match(l.Text)).Where(m => m.Success)
            .Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).FirstOrDefault(-1);
        return new GcFigures(id, status, lines[0].At, At("Reference check done"), At("Sweep done"), At("Finished in"), Number(GcRun.Scanned()), Number(GcRun.Deleted()));
    }

    public IEnumerable<string> Lines() =>
    [
        $"run_id={Id.ToString(CultureInfo.InvariantCulture)}",
        $"status={Status}",
        $"total_ms={Milliseconds(Started, Finished)}",
        $"mark_ms={Milliseconds(Started, ReferencesChecked)}",
        $"sweep_ms={Milliseconds(ReferencesChecked, Swept)}",
        $"blobs_scanned={Scanned.ToString(CultureInfo.InvariantCulture)}",
        $"blobs_deleted={Deleted.ToString(CultureInfo.InvariantCulture)}",
        $"started_unix_ms={Started.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}",
        $"finished_unix_ms={Finished.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}",
    ];

    private static string Milliseconds(DateTimeOffset from, DateTimeOffset to) =>
        from == default || to == default ? "n/a" : ((long)(to - from).TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
