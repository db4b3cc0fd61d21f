using System.Net;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Cluster.Auth;

/// <summary>Status and error-envelope checks shared by the LDAP tests.</summary>
internal static class LdapAssert
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body.Length == 0 ? "null" : body) ?? new JsonObject();
    }

    /// <summary>Asserts <paramref name="expected"/> and an <c>{"errors":[{"code","message"}]}</c> body with <paramref name="code"/>.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var json = await JsonAsync(response, expected);
        var error = json["errors"]![0]!;
        Assert.Equal(code, error["code"]!.GetValue<string>());
        var message = error["message"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message;
    }
}
