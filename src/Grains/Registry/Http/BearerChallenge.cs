using System.Net.Http.Headers;

namespace ArtifactKeeper.Registry.Http;

/// <summary>
/// A <c>WWW-Authenticate: Bearer realm="…",service="…",scope="…"</c> challenge (Docker token auth). <see cref="Error"/>
/// is the challenge's <c>error</c> parameter (<c>insufficient_scope</c> when a token lacked a scope the call needs).
/// </summary>
public sealed record BearerChallenge(string Realm, string? Service, string? Scope, string? Error = null)
{
    /// <summary>The challenge's scopes, one per space-separated entry (a challenge may name several).</summary>
    public IReadOnlyList<string> Scopes =>
        Scope is null ? [] : Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool InsufficientScope => string.Equals(Error, "insufficient_scope", StringComparison.OrdinalIgnoreCase);

    public static BearerChallenge? Parse(HttpHeaderValueCollection<AuthenticationHeaderValue> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var bearer = headers.FirstOrDefault(h => string.Equals(h.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase));
        return bearer?.Parameter is null ? null : Parse(bearer.Parameter);
    }

    /// <summary>True when the headers hold a <c>Basic</c> challenge.</summary>
    public static bool HasBasic(HttpHeaderValueCollection<AuthenticationHeaderValue> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.Any(h => string.Equals(h.Scheme, "Basic", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads the comma-separated <c>key="value"</c> pairs; null without a realm.</summary>
    public static BearerChallenge? Parse(string parameters)
    {
        var values = ChallengeParameters.Parse(parameters);
        return values.TryGetValue("realm", out var realm) && Uri.TryCreate(realm, UriKind.Absolute, out _)
            ? new BearerChallenge(realm, values.GetValueOrDefault("service"), values.GetValueOrDefault("scope"), values.GetValueOrDefault("error"))
            : null;
    }
}

/// <summary>The <c>key=value</c> / <c>key="value"</c> pairs of a challenge (RFC 7235 auth-params), keys case-insensitive.</summary>
public static class ChallengeParameters
{
    public static IReadOnlyDictionary<string, string> Parse(string parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < parameters.Length)
        {
            while (i < parameters.Length && (parameters[i] == ',' || char.IsWhiteSpace(parameters[i])))
            {
                i++;
            }

            var equals = parameters.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }

            var key = parameters[i..equals].Trim();
            i = equals + 1;
            string value;
            if (i < parameters.Length && parameters[i] == '"')
            {
                var close = parameters.IndexOf('"', i + 1);
                close = close < 0 ? parameters.Length : close;
                value = parameters[(i + 1)..close];
                i = close + 1;
            }
            else
            {
                var comma = parameters.IndexOf(',', i);
                comma = comma < 0 ? parameters.Length : comma;
                value = parameters[i..comma].Trim();
                i = comma;
            }

            values[key] = value;
        }

        return values;
    }
}
