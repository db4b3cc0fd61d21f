using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using ArtifactKeeper.Signing.Crypto;
using ArtifactKeeper.Signing.Notation;
using ArtifactKeeper.Signing.Sigstore;

namespace ArtifactKeeper.Signing.Trust;

/// <summary>
/// The content-trust policy as the API reads and writes it:
/// <c>{"cosign":{"enabled","public_keys":[PEM],"keyless":[{"issuer","identity","identity_regexp"}],"trusted_root"},
/// "notation":{"enabled","trust_store":[PEM],"trust_policy"}}</c>. Every section and field is optional; a section
/// that is present is enabled unless it says <c>"enabled":false</c>. <c>trusted_root</c> and <c>trust_policy</c> are
/// kept as sent (a JSON object, or that object as a string). Unknown fields are dropped; anything malformed is refused
/// with a message naming the field.
/// </summary>
public static class ContentTrustPolicyDocument
{
    /// <summary>The document of a project that never set a policy.</summary>
    public const string Empty = """{"cosign":{"enabled":false,"public_keys":[],"keyless":[]},"notation":{"enabled":false,"trust_store":[]}}""";

    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(100);

    /// <summary>Validates <paramref name="json"/> and writes the stored form (known fields only), or the reason it is refused.</summary>
    public static bool TryNormalize(string json, out string document, out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        document = string.Empty;
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            error = $"the body is not valid JSON: {e.Message}";
            return false;
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the body must be a JSON object";
                return false;
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                if (!TryWriteCosign(writer, Section(root, "cosign"), out error) ||
                    !TryWriteNotation(writer, Section(root, "notation"), out error))
                {
                    return false;
                }

                writer.WriteEndObject();
            }

            document = Encoding.UTF8.GetString(buffer.ToArray());
            error = CheckTrustMaterial(ToPolicy(document, 0));
            return error is null;
        }
    }

    /// <summary>The policy a stored document (from <see cref="TryNormalize"/>) describes, at <paramref name="version"/>.</summary>
    public static ContentTrustPolicy ToPolicy(string document, long version)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var parsed = JsonDocument.Parse(document);
        var root = parsed.RootElement;
        var cosign = CosignTrust.None;
        if (root.TryGetProperty("cosign", out var c) && c.ValueKind == JsonValueKind.Object)
        {
            cosign = new CosignTrust(
                c.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True,
                Strings(c, "public_keys"),
                c.TryGetProperty("keyless", out var keyless) && keyless.ValueKind == JsonValueKind.Array
                    ? keyless.EnumerateArray().Select(k => new KeylessIdentity(Optional(k, "issuer"), Optional(k, "identity"), Optional(k, "identity_regexp"))).ToList()
                    : [],
                EmbeddedJson(c, "trusted_root"));
        }

        var notation = NotationTrust.None;
        if (root.TryGetProperty("notation", out var n) && n.ValueKind == JsonValueKind.Object)
        {
            notation = new NotationTrust(
                n.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True,
                Strings(n, "trust_store"),
                EmbeddedJson(n, "trust_policy"));
        }

        return new ContentTrustPolicy(cosign, notation, version);
    }

    /// <summary>
    /// What the verifiers would refuse to work with: a trusted root they cannot read, a Notation trust store or trust
    /// policy that is not valid (the verifiers' own parsers decide).
    /// </summary>
    private static string? CheckTrustMaterial(ContentTrustPolicy policy)
    {
        if (policy.Cosign.TrustedRootJson is { } root)
        {
            var rootError = TrustedRoot.TryParse(root, out var parsed, out var reason) ? null : reason;
            parsed?.Dispose();
            if (rootError is not null)
            {
                return $"cosign.trusted_root is not a usable trusted_root.json document: {rootError}";
            }
        }

        return NotationTrustValidator.Validate(policy.Notation);
    }

    /// <summary>The named section, or null when it is absent or JSON null.</summary>
    private static JsonElement? Section(JsonElement root, string name) =>
        root.TryGetProperty(name, out var section) && section.ValueKind != JsonValueKind.Null ? section : null;

    private static bool TryWriteCosign(Utf8JsonWriter writer, JsonElement? section, out string? error)
    {
        error = null;
        writer.WriteStartObject("cosign");
        if (section is not { ValueKind: JsonValueKind.Object } cosign)
        {
            if (section is not null)
            {
                error = "cosign must be an object";
                return false;
            }

            writer.WriteBoolean("enabled", false);
            writer.WriteStartArray("public_keys");
            writer.WriteEndArray();
            writer.WriteStartArray("keyless");
            writer.WriteEndArray();
            writer.WriteEndObject();
            return true;
        }

        if (!TryEnabled(cosign, "cosign", out var enabled, out error) ||
            !TryStrings(cosign, "cosign.public_keys", "public_keys", out var keys, out error))
        {
            return false;
        }

        for (var i = 0; i < keys.Count; i++)
        {
            if (!VerificationKey.TryFromPem(keys[i], out var key, out var reason))
            {
                error = $"cosign.public_keys[{i}] is not a PEM public key: {reason}";
                return false;
            }

            key!.Dispose();
        }

        writer.WriteBoolean("enabled", enabled);
        WriteStrings(writer, "public_keys", keys);
        writer.WriteStartArray("keyless");
        if (cosign.TryGetProperty("keyless", out var keyless) && keyless.ValueKind != JsonValueKind.Null)
        {
            if (keyless.ValueKind != JsonValueKind.Array)
            {
                error = "cosign.keyless must be an array";
                return false;
            }

            var index = 0;
            foreach (var entry in keyless.EnumerateArray())
            {
                if (!TryWriteKeyless(writer, entry, $"cosign.keyless[{index++}]", out error))
                {
                    return false;
                }
            }
        }

        writer.WriteEndArray();
        if (!TryWriteEmbedded(writer, cosign, "trusted_root", "cosign.trusted_root", "a trusted_root.json document", null, out error))
        {
            return false;
        }

        writer.WriteEndObject();
        return true;
    }

    private static bool TryWriteKeyless(Utf8JsonWriter writer, JsonElement entry, string path, out string? error)
    {
        error = null;
        if (entry.ValueKind != JsonValueKind.Object)
        {
            error = $"{path} must be an object";
            return false;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in (string[])["issuer", "identity", "identity_regexp"])
        {
            if (!entry.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                error = $"{path}.{field} must be a string";
                return false;
            }

            if (value.GetString() is { Length: > 0 } text)
            {
                values[field] = text;
            }
        }

        if (!values.ContainsKey("identity") && !values.ContainsKey("identity_regexp"))
        {
            error = $"{path} needs an identity or an identity_regexp";
            return false;
        }

        if (values.TryGetValue("identity_regexp", out var pattern))
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant, RegexBudget);
            }
            catch (ArgumentException e)
            {
                error = $"{path}.identity_regexp is not a valid regular expression: {e.Message}";
                return false;
            }
        }

        writer.WriteStartObject();
        foreach (var (name, value) in values)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        return true;
    }

    private static bool TryWriteNotation(Utf8JsonWriter writer, JsonElement? section, out string? error)
    {
        error = null;
        writer.WriteStartObject("notation");
        if (section is not { ValueKind: JsonValueKind.Object } notation)
        {
            if (section is not null)
            {
                error = "notation must be an object";
                return false;
            }

            writer.WriteBoolean("enabled", false);
            writer.WriteStartArray("trust_store");
            writer.WriteEndArray();
            writer.WriteEndObject();
            return true;
        }

        if (!TryEnabled(notation, "notation", out var enabled, out error) ||
            !TryStrings(notation, "notation.trust_store", "trust_store", out var certificates, out error))
        {
            return false;
        }

        for (var i = 0; i < certificates.Count; i++)
        {
            if (!IsCertificatePem(certificates[i], out var reason))
            {
                error = $"notation.trust_store[{i}] is not a PEM certificate: {reason}";
                return false;
            }
        }

        writer.WriteBoolean("enabled", enabled);
        WriteStrings(writer, "trust_store", certificates);
        if (!TryWriteEmbedded(writer, notation, "trust_policy", "notation.trust_policy", "a Notation trust policy document", "trustPolicies", out error))
        {
            return false;
        }

        writer.WriteEndObject();
        return true;
    }

    /// <summary>
    /// Writes an embedded JSON document as sent: an object, or a string holding one (which must parse, and carry
    /// <paramref name="requiredArray"/> as an array when named).
    /// </summary>
    private static bool TryWriteEmbedded(
        Utf8JsonWriter writer, JsonElement section, string field, string path, string what, string? requiredArray, out string? error)
    {
        error = null;
        if (!section.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        var malformed = $"{path} must be {what}: a JSON object, or that object as a string";
        JsonDocument? inner = null;
        try
        {
            JsonElement body;
            if (value.ValueKind == JsonValueKind.String)
            {
                try
                {
                    inner = JsonDocument.Parse(value.GetString()!);
                }
                catch (JsonException e)
                {
                    error = $"{malformed} ({e.Message})";
                    return false;
                }

                body = inner.RootElement;
            }
            else
            {
                body = value;
            }

            if (body.ValueKind != JsonValueKind.Object)
            {
                error = malformed;
                return false;
            }

            if (requiredArray is not null &&
                (!body.TryGetProperty(requiredArray, out var array) || array.ValueKind != JsonValueKind.Array))
            {
                error = $"{path} must have a {requiredArray} array";
                return false;
            }

            writer.WritePropertyName(field);
            writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);
            return true;
        }
        finally
        {
            inner?.Dispose();
        }
    }

    private static bool TryEnabled(JsonElement section, string path, out bool enabled, out string? error)
    {
        error = null;
        enabled = true;
        if (!section.TryGetProperty("enabled", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            error = $"{path}.enabled must be true or false";
            return false;
        }

        enabled = value.GetBoolean();
        return true;
    }

    private static bool TryStrings(JsonElement section, string path, string field, out List<string> values, out string? error)
    {
        error = null;
        values = [];
        if (!section.TryGetProperty(field, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            error = $"{path} must be an array of PEM strings";
            return false;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                error = $"{path}[{index}] must be a string";
                return false;
            }

            values.Add(item.GetString()!);
            index++;
        }

        return true;
    }

    private static bool IsCertificatePem(string pem, out string? reason)
    {
        reason = null;
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(pem);
            var found = collection.Count > 0;
            foreach (var certificate in collection)
            {
                certificate.Dispose();
            }

            reason = found ? null : "no CERTIFICATE block found";
            return found;
        }
        catch (CryptographicException e)
        {
            reason = e.Message;
            return false;
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static List<string> Strings(JsonElement section, string field) =>
        section.TryGetProperty(field, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(v => v.GetString()!).ToList()
            : [];

    private static string? Optional(JsonElement entry, string field) =>
        entry.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An embedded document's JSON text: the string's content when sent as a string, else the object itself.</summary>
    private static string? EmbeddedJson(JsonElement section, string field) =>
        !section.TryGetProperty(field, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Object ? value.GetRawText()
        : null;
}
