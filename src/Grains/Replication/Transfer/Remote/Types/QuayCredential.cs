using System.Text.Json;
using System.Text.Json.Serialization;
using ArtifactKeeper.Replication.Transfer.Remote.Auth;

namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>
/// A Quay endpoint's credential, in either form users bring: a plain username (or robot <c>org+robot</c>) and password,
/// or Harbor's Quay JSON secret <c>{"account_name", "docker_cli_password", "oauth2_token"}</c> (access key
/// <c>json_file</c>). <see cref="Registry"/> logs in to the registry; <see cref="ApiToken"/> (JSON form only) opens Quay's
/// API; <see cref="Namespace"/> is the account's own (a robot's organization).
/// </summary>
public sealed record QuayCredential(BasicCredential? Registry, string? ApiToken, string? Namespace)
{
    private static readonly QuayCredential None = new(null, null, null);

    public static QuayCredential Parse(RegistryCredential? credential)
    {
        if (credential?.AccessSecret is not { Length: > 0 } secret)
        {
            return credential?.AccessKey is { Length: > 0 } user ? new(new BasicCredential(user, string.Empty), null, NamespaceOf(user)) : None;
        }

        if (secret.TrimStart().StartsWith('{'))
        {
            try
            {
                var json = JsonSerializer.Deserialize(secret, QuayCredentialJsonContext.Default.QuayCredentialJson);
                if (json is not null)
                {
                    var account = json.AccountName is { Length: > 0 } name ? name : null;
                    var token = json.OAuth2Token is { Length: > 0 } t ? t : null;
                    var registry = account is not null ? new BasicCredential(account, json.DockerCliPassword ?? string.Empty) : null;
                    return new(registry, token, account is null ? null : NamespaceOf(account));
                }
            }
            catch (JsonException)
            {
                // A password that merely starts with a brace: the plain form.
            }
        }

        return credential.AccessKey is { Length: > 0 } key ? new(new BasicCredential(key, secret), null, NamespaceOf(key)) : None;
    }

    public override string ToString() => $"QuayCredential {{ Namespace = {Namespace}, ApiToken = {(ApiToken is null ? "none" : "set")} }}";

    private static string NamespaceOf(string account)
    {
        var plus = account.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? account[..plus] : account;
    }
}

internal sealed record QuayCredentialJson(
    [property: JsonPropertyName("account_name")] string? AccountName,
    [property: JsonPropertyName("docker_cli_password")] string? DockerCliPassword,
    [property: JsonPropertyName("oauth2_token")] string? OAuth2Token)
{
    public override string ToString() => $"QuayCredentialJson {{ AccountName = {AccountName} }}";
}

[JsonSerializable(typeof(QuayCredentialJson))]
internal sealed partial class QuayCredentialJsonContext : JsonSerializerContext;
