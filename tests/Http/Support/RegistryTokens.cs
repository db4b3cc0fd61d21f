using System.Buffers.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Reads the claims of registry bearer tokens (the payload only; the signature is the server's business).</summary>
public static class RegistryTokens
{
    /// <summary>The token's Docker <c>access</c> claim.</summary>
    public static JsonArray AccessOf(string token)
    {
        var payload = token.Split('.')[1];
        return JsonNode.Parse(Base64Url.DecodeFromChars(payload))!["access"]!.AsArray();
    }

    /// <summary>The actions the token grants on <paramref name="repository"/> (empty when it names none).</summary>
    public static IReadOnlyList<string> Actions(string token, string repository) =>
        AccessOf(token)
            .Where(a => a!["type"]!.GetValue<string>() == "repository" && a["name"]!.GetValue<string>() == repository)
            .SelectMany(a => a!["actions"]!.AsArray().Select(x => x!.GetValue<string>()))
            .ToList();
}
