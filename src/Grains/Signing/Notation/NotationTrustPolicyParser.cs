using System.Text.Json;

namespace ArtifactKeeper.Signing.Notation;

/// <summary>
/// Reads a Notation trust policy document, version 1.0 (<c>{"version":"1.0","trustPolicies":[...]}</c>, or the bare
/// <c>trustPolicies</c> array), with the rules Notation applies when it loads one: unique names, scopes used once,
/// <c>"*"</c> alone, known levels and overrides, <c>type:name</c> trust stores and <c>x509.subject</c> identities
/// naming at least C, ST and O. Unknown fields are ignored.
/// </summary>
public static class NotationTrustPolicyParser
{
    private const string SubjectPrefix = "x509.subject:";
    private static readonly string[] RequiredIdentityAttributes = ["C", "ST", "O"];

    public static NotationTrustPolicyDocument? TryParse(string json, out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, out error);
        }
        catch (JsonException e)
        {
            error = "the trust policy is not well-formed JSON: " + e.Message;
            return null;
        }
    }

    private static NotationTrustPolicyDocument? Read(JsonElement root, out string? error)
    {
        JsonElement policies;
        if (root.ValueKind == JsonValueKind.Array)
        {
            policies = root;
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            if (root.TryGetProperty("version", out var version) && (version.ValueKind != JsonValueKind.String || version.GetString() != "1.0"))
                return Fail<NotationTrustPolicyDocument>($"trust policy version {version.GetRawText()} is not supported (expected \"1.0\")", out error);
            if (!root.TryGetProperty("trustPolicies", out policies) || policies.ValueKind != JsonValueKind.Array)
                return Fail<NotationTrustPolicyDocument>("the trust policy has no 'trustPolicies' array", out error);
        }
        else
        {
            return Fail<NotationTrustPolicyDocument>("the trust policy must be a JSON object with 'trustPolicies'", out error);
        }

        var statements = new List<NotationTrustPolicyStatement>();
        foreach (var element in policies.EnumerateArray())
        {
            if (ReadStatement(element, out error) is not { } statement)
                return null;
            if (statements.Any(s => s.Name == statement.Name))
                return Fail<NotationTrustPolicyDocument>($"trust policy statement name '{statement.Name}' is used twice", out error);
            if (statements.SelectMany(s => s.RegistryScopes).Intersect(statement.RegistryScopes, StringComparer.Ordinal).FirstOrDefault() is { } shared)
                return Fail<NotationTrustPolicyDocument>($"registry scope '{shared}' appears in more than one trust policy statement", out error);
            statements.Add(statement);
        }

        if (statements.Count == 0)
            return Fail<NotationTrustPolicyDocument>("the trust policy has no statements", out error);
        error = null;
        return new NotationTrustPolicyDocument(statements);
    }

    private static NotationTrustPolicyStatement? ReadStatement(JsonElement element, out string? error)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return Fail<NotationTrustPolicyStatement>("each trust policy statement must be an object", out error);
        var name = element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        if (name.Trim().Length == 0)
            return Fail<NotationTrustPolicyStatement>("a trust policy statement has no name", out error);
        string where = $"trust policy statement '{name}'";

        if (Strings(element, "registryScopes") is not { Count: > 0 } scopes || scopes.Any(s => s.Trim().Length == 0))
            return Fail<NotationTrustPolicyStatement>($"{where} needs a non-empty 'registryScopes' list of strings", out error);
        if (scopes.Contains("*") && scopes.Count > 1)
            return Fail<NotationTrustPolicyStatement>($"{where}: the wildcard scope '*' cannot be combined with other scopes", out error);
        if (scopes.FirstOrDefault(s => s != "*" && (s.Contains('*', StringComparison.Ordinal) || !s.Contains('/', StringComparison.Ordinal))) is { } badScope)
            return Fail<NotationTrustPolicyStatement>($"{where}: registry scope '{badScope}' must be '*' or '<registry>/<repository>'", out error);

        if (!element.TryGetProperty("signatureVerification", out var verification) || verification.ValueKind != JsonValueKind.Object
            || !verification.TryGetProperty("level", out var levelElement) || levelElement.ValueKind != JsonValueKind.String)
            return Fail<NotationTrustPolicyStatement>($"{where} needs 'signatureVerification' with a 'level'", out error);
        NotationVerificationLevel? level = levelElement.GetString() switch
        {
            "strict" => NotationVerificationLevel.Strict,
            "permissive" => NotationVerificationLevel.Permissive,
            "audit" => NotationVerificationLevel.Audit,
            "skip" => NotationVerificationLevel.Skip,
            _ => null,
        };
        if (level is null)
            return Fail<NotationTrustPolicyStatement>($"{where}: verification level '{levelElement.GetString()}' is not strict, permissive, audit or skip", out error);
        if (ReadOverrides(verification, where, level.Value, out error) is not { } overrides)
            return null;
        var mode = NotationTimestampMode.Always;
        if (verification.TryGetProperty("verifyTimestamp", out var verifyTimestamp))
        {
            switch (verifyTimestamp.ValueKind == JsonValueKind.String ? verifyTimestamp.GetString() : null)
            {
                case "always":
                    break;
                case "afterCertExpiry":
                    mode = NotationTimestampMode.AfterCertExpiry;
                    break;
                default:
                    return Fail<NotationTrustPolicyStatement>($"{where}: verifyTimestamp {verifyTimestamp.GetRawText()} is not \"always\" or \"afterCertExpiry\"", out error);
            }
        }

        var storeNames = Strings(element, "trustStores") ?? [];
        var identityTexts = Strings(element, "trustedIdentities") ?? [];
        if (level == NotationVerificationLevel.Skip)
        {
            if (storeNames.Count > 0 || identityTexts.Count > 0)
                return Fail<NotationTrustPolicyStatement>($"{where}: a 'skip' statement must not name trust stores or trusted identities", out error);
            error = null;
            return new NotationTrustPolicyStatement(name, scopes, level.Value, overrides, mode, [], null);
        }

        if (ReadStores(storeNames, where, out error) is not { } stores || ReadIdentities(identityTexts, where, out error, out var identities) is false)
            return null;
        error = null;
        return new NotationTrustPolicyStatement(name, scopes, level.Value, overrides, mode, stores, identities);
    }

    private static Dictionary<NotationCheck, NotationAction>? ReadOverrides(JsonElement verification, string where, NotationVerificationLevel level, out string? error)
    {
        var overrides = new Dictionary<NotationCheck, NotationAction>();
        error = null;
        if (!verification.TryGetProperty("override", out var element))
            return overrides;
        if (element.ValueKind != JsonValueKind.Object)
            return Fail<Dictionary<NotationCheck, NotationAction>>($"{where}: 'override' must be an object", out error);
        if (level == NotationVerificationLevel.Skip && element.EnumerateObject().Any())
            return Fail<Dictionary<NotationCheck, NotationAction>>($"{where}: a 'skip' statement cannot override checks", out error);
        foreach (var property in element.EnumerateObject())
        {
            NotationCheck? check = property.Name switch
            {
                "integrity" => NotationCheck.Integrity,
                "authenticity" => NotationCheck.Authenticity,
                "authenticTimestamp" => NotationCheck.AuthenticTimestamp,
                "expiry" => NotationCheck.Expiry,
                "revocation" => NotationCheck.Revocation,
                _ => null,
            };
            NotationAction? action = (property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null) switch
            {
                "enforce" => NotationAction.Enforce,
                "log" => NotationAction.Log,
                "skip" => NotationAction.Skip,
                _ => null,
            };
            if (check is null)
                return Fail<Dictionary<NotationCheck, NotationAction>>($"{where}: unknown check '{property.Name}' in 'override' (authenticity, authenticTimestamp, expiry, revocation)", out error);
            if (check == NotationCheck.Integrity)
                return Fail<Dictionary<NotationCheck, NotationAction>>($"{where}: the integrity check cannot be overridden", out error);
            if (action is null)
                return Fail<Dictionary<NotationCheck, NotationAction>>($"{where}: override of '{property.Name}' must be enforce, log or skip", out error);
            if (check == NotationCheck.Authenticity && action == NotationAction.Skip)
                return Fail<Dictionary<NotationCheck, NotationAction>>($"{where}: the authenticity check cannot be skipped", out error);
            overrides[check.Value] = action.Value;
        }

        return overrides;
    }

    private static List<NotationTrustStoreName>? ReadStores(List<string> names, string where, out string? error)
    {
        if (names.Count == 0)
            return Fail<List<NotationTrustStoreName>>($"{where} needs 'trustStores' (e.g. \"ca:my-store\")", out error);
        var stores = new List<NotationTrustStoreName>();
        foreach (var text in names)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var type = colon > 0 ? text[..colon] : "";
            var storeName = colon > 0 ? text[(colon + 1)..] : "";
            if (type is not (NotationTrustStoreName.Ca or NotationTrustStoreName.SigningAuthority or NotationTrustStoreName.Tsa) || storeName.Length == 0)
                return Fail<List<NotationTrustStoreName>>($"{where}: trust store '{text}' is not 'ca:<name>', 'signingAuthority:<name>' or 'tsa:<name>'", out error);
            stores.Add(new NotationTrustStoreName(type, storeName));
        }

        error = null;
        return stores;
    }

    private static bool ReadIdentities(List<string> texts, string where, out string? error, out List<DistinguishedName>? identities)
    {
        identities = null;
        if (texts.Count == 0)
        {
            error = $"{where} needs 'trustedIdentities' (\"*\" or \"x509.subject: C=.., ST=.., O=..\")";
            return false;
        }

        if (texts.Contains("*"))
        {
            error = texts.Count > 1 ? $"{where}: the wildcard identity '*' cannot be combined with others" : null;
            return error is null;
        }

        identities = [];
        foreach (var text in texts)
        {
            if (!text.StartsWith(SubjectPrefix, StringComparison.Ordinal))
            {
                error = $"{where}: trusted identity '{text}' must be '*' or start with '{SubjectPrefix}'";
                return false;
            }

            if (DistinguishedName.TryParse(text[SubjectPrefix.Length..], out var problem) is not { } name)
            {
                error = $"{where}: trusted identity '{text}' is not a distinguished name: {problem}";
                return false;
            }

            if (RequiredIdentityAttributes.FirstOrDefault(t => name[t] is null) is { } missing)
            {
                error = $"{where}: trusted identity '{text}' must name at least C, ST and O (missing {missing})";
                return false;
            }

            identities.Add(name);
        }

        error = null;
        return true;
    }

    private static List<string>? Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array && array.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? [.. array.EnumerateArray().Select(e => e.GetString()!)]
            : null;

    private static T? Fail<T>(string message, out string? error)
        where T : class
    {
        error = message;
        return null;
    }
}
