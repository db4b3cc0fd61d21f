using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>A transparency log (Rekor) or certificate transparency log key from the trusted root.</summary>
public sealed record TransparencyLogKey(string BaseUrl, byte[] LogId, VerificationKey Key, TimeRange ValidFor)
{
    /// <summary>The log's origin as a checkpoint names it: the base URL without its scheme.</summary>
    public string Origin => BaseUrl.Contains("://", StringComparison.Ordinal) ? BaseUrl[(BaseUrl.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/') : BaseUrl;
}

/// <summary>A certificate authority (Fulcio or a TSA) from the trusted root: its chain, leaf first, root last.</summary>
public sealed record CertificateAuthorityEntry(string Uri, IReadOnlyList<X509Certificate2> Chain, TimeRange ValidFor)
{
    public X509Certificate2 Root => Chain[^1];

    public IReadOnlyList<X509Certificate2> AllButRoot => [.. Chain.Take(Chain.Count - 1)];
}

/// <summary>
/// Sigstore's <c>trusted_root.json</c> (media type <c>application/vnd.dev.sigstore.trustedroot+json</c>): Rekor
/// logs, Fulcio CAs, CT logs and timestamp authorities, each with a <c>validFor</c> window. Entries whose key the
/// platform cannot read are left out (they cannot verify anything); malformed documents are refused.
/// </summary>
public sealed class TrustedRoot : IDisposable
{
    private TrustedRoot(
        IReadOnlyList<TransparencyLogKey> tlogs,
        IReadOnlyList<CertificateAuthorityEntry> authorities,
        IReadOnlyList<TransparencyLogKey> ctlogs,
        IReadOnlyList<CertificateAuthorityEntry> timestampAuthorities)
    {
        TransparencyLogs = tlogs;
        CertificateAuthorities = authorities;
        CtLogs = ctlogs;
        TimestampAuthorities = timestampAuthorities;
    }

    public IReadOnlyList<TransparencyLogKey> TransparencyLogs { get; }

    public IReadOnlyList<CertificateAuthorityEntry> CertificateAuthorities { get; }

    public IReadOnlyList<TransparencyLogKey> CtLogs { get; }

    public IReadOnlyList<CertificateAuthorityEntry> TimestampAuthorities { get; }

    /// <summary>A root built from parts, for callers that hold PEM material instead of a document.</summary>
    public static TrustedRoot Create(
        IReadOnlyList<TransparencyLogKey>? tlogs = null,
        IReadOnlyList<CertificateAuthorityEntry>? authorities = null,
        IReadOnlyList<TransparencyLogKey>? ctlogs = null,
        IReadOnlyList<CertificateAuthorityEntry>? timestampAuthorities = null) =>
        new(tlogs ?? [], authorities ?? [], ctlogs ?? [], timestampAuthorities ?? []);

    /// <summary>Parses the document; the error says what is malformed.</summary>
    public static bool TryParse(string json, out TrustedRoot? root, out string? error)
    {
        root = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var element = document.RootElement;
            if (element.ValueKind != JsonValueKind.Object)
            {
                error = "the trusted root is not a JSON object";
                return false;
            }

            root = new TrustedRoot(
                Logs(element, "tlogs"),
                Authorities(element, "certificateAuthorities"),
                Logs(element, "ctlogs"),
                Authorities(element, "timestampAuthorities"));
            error = null;
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or CryptographicException or KeyNotFoundException)
        {
            // KeyNotFoundException: a required member (a log's publicKey, a key's rawBytes) is missing.
            error = "the trusted root is malformed: " + e.Message;
            return false;
        }
    }

    /// <summary>The transparency log whose id is <paramref name="logId"/>, if the root trusts one.</summary>
    public TransparencyLogKey? FindLog(ReadOnlySpan<byte> logId)
    {
        foreach (var log in TransparencyLogs)
        {
            if (log.LogId.AsSpan().SequenceEqual(logId))
                return log;
        }

        return null;
    }

    public void Dispose()
    {
        foreach (var log in TransparencyLogs.Concat(CtLogs))
            log.Key.Dispose();
        foreach (var certificate in CertificateAuthorities.Concat(TimestampAuthorities).SelectMany(a => a.Chain))
            certificate.Dispose();
    }

    private static List<TransparencyLogKey> Logs(JsonElement root, string name)
    {
        var logs = new List<TransparencyLogKey>();
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            return logs;
        foreach (var entry in array.EnumerateArray())
        {
            var publicKey = entry.GetProperty("publicKey");
            if (!publicKey.TryGetProperty("rawBytes", out var raw))
                continue;
            VerificationKey key;
            try
            {
                key = VerificationKey.FromSubjectPublicKeyInfo(Convert.FromBase64String(raw.GetString()!));
            }
            catch (CryptographicException)
            {
                continue;
            }

            var logId = entry.TryGetProperty("logId", out var id) && id.TryGetProperty("keyId", out var keyId)
                ? Convert.FromBase64String(keyId.GetString()!)
                : SHA256.HashData(key.SubjectPublicKeyInfo);
            var baseUrl = entry.TryGetProperty("baseUrl", out var url) ? url.GetString() ?? "" : "";
            logs.Add(new TransparencyLogKey(baseUrl, logId, key, Window(publicKey)));
        }

        return logs;
    }

    private static List<CertificateAuthorityEntry> Authorities(JsonElement root, string name)
    {
        var authorities = new List<CertificateAuthorityEntry>();
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            return authorities;
        foreach (var entry in array.EnumerateArray())
        {
            var chain = entry.GetProperty("certChain").GetProperty("certificates").EnumerateArray()
                .Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c.GetProperty("rawBytes").GetString()!)))
                .ToList();
            if (chain.Count == 0)
                continue;
            var uri = entry.TryGetProperty("uri", out var u) ? u.GetString() ?? "" : "";
            authorities.Add(new CertificateAuthorityEntry(uri, chain, Window(entry)));
        }

        return authorities;
    }

    private static TimeRange Window(JsonElement owner)
    {
        if (!owner.TryGetProperty("validFor", out var validFor) || validFor.ValueKind != JsonValueKind.Object)
            return new TimeRange(null, null);
        return new TimeRange(Time(validFor, "start"), Time(validFor, "end"));
    }

    private static DateTimeOffset? Time(JsonElement window, string name) =>
        window.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal)
            : null;
}
