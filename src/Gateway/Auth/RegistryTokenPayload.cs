using System.Text.Json;

namespace ArtifactKeeper.Auth;

/// <summary>
/// The JWT claims set of a registry token as read straight from UTF-8 JSON, already checked against the
/// expected issuer and audience. Times are unix seconds.
/// </summary>
internal readonly record struct RegistryTokenPayload(
    string Subject, long IssuedAt, long NotBefore, long ExpiresAt, IReadOnlyList<TokenAccess> Access)
{
    // DateTimeOffset's range in unix seconds; anything outside cannot be a real instant.
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>
    /// Reads the claims set; false when a required claim (iss, aud, iat, exp) is missing or has the wrong
    /// shape, or when iss/aud do not match. May throw <see cref="JsonException"/> on malformed JSON.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> json, ReadOnlySpan<byte> issuer, string audience, out RegistryTokenPayload payload)
    {
        payload = default;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool issuerOk = false, audienceOk = false;
        long? issuedAt = null, notBefore = null, expiresAt = null;
        var subject = string.Empty;
        IReadOnlyList<TokenAccess> access = [];

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("iss"u8))
            {
                reader.Read();
                issuerOk = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(issuer);
            }
            else if (reader.ValueTextEquals("aud"u8))
            {
                reader.Read();
                audienceOk = ReadAudience(ref reader, audience);
            }
            else if (reader.ValueTextEquals("sub"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    subject = reader.GetString()!;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("iat"u8))
            {
                if (!TryReadTime(ref reader, out issuedAt))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("nbf"u8))
            {
                if (!TryReadTime(ref reader, out notBefore))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("exp"u8))
            {
                if (!TryReadTime(ref reader, out expiresAt))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("access"u8))
            {
                reader.Read();
                if (!TryReadAccess(ref reader, out access))
                {
                    return false;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read()
            || !issuerOk || !audienceOk || issuedAt is null || expiresAt is null)
        {
            return false;
        }

        payload = new RegistryTokenPayload(subject, issuedAt.Value, notBefore ?? issuedAt.Value, expiresAt.Value, access);
        return true;
    }

    // RFC 7519 allows "aud" to be a single string or an array of them.
    private static bool ReadAudience(ref Utf8JsonReader reader, string audience)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.ValueTextEquals(audience);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            found |= reader.ValueTextEquals(audience);
        }

        return found && reader.TokenType == JsonTokenType.EndArray;
    }

    // NumericDate may carry a fraction (RFC 7519 §2); whole seconds are enough here.
    private static bool TryReadTime(ref Utf8JsonReader reader, out long? seconds)
    {
        seconds = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }

        if (reader.TryGetInt64(out var whole))
        {
            seconds = whole;
        }
        else if (reader.TryGetDouble(out var fractional) && double.IsFinite(fractional)
            && fractional >= MinUnixSeconds && fractional <= MaxUnixSeconds)
        {
            seconds = (long)Math.Floor(fractional);
        }
        else
        {
            return false;
        }

        return seconds is >= MinUnixSeconds and <= MaxUnixSeconds;
    }

    private static bool TryReadAccess(ref Utf8JsonReader reader, out IReadOnlyList<TokenAccess> access)
    {
        access = [];
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var entries = new List<TokenAccess>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (!TryReadAccessEntry(ref reader, out var entry))
            {
                return false;
            }

            entries.Add(entry!);
        }

        access = entries;
        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static bool TryReadAccessEntry(ref Utf8JsonReader reader, out TokenAccess? entry)
    {
        entry = null;
        string? type = null, name = null;
        IReadOnlyList<string> actions = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8) || reader.ValueTextEquals("name"u8))
            {
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                if (isType)
                {
                    type = reader.GetString();
                }
                else
                {
                    name = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("actions"u8))
            {
                reader.Read();
                if (!TryReadActions(ref reader, out actions))
                {
                    return false;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || type is null || name is null)
        {
            return false;
        }

        entry = new TokenAccess(type, name, actions);
        return true;
    }

    private static bool TryReadActions(ref Utf8JsonReader reader, out IReadOnlyList<string> actions)
    {
        actions = [];
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new List<string>(3);
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            list.Add(reader.GetString()!);
        }

        actions = list;
        return reader.TokenType == JsonTokenType.EndArray;
    }
}
