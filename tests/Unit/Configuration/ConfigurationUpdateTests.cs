using System.Text.Json;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Ldap;
using ArtifactKeeper.Auth.Oidc;
using ArtifactKeeper.Configuration;
using ArtifactKeeper.HarborApi;
using ArtifactKeeper.Hosting;

namespace ArtifactKeeper.Tests.Unit.Configuration;

public sealed class ConfigurationUpdateTests
{
    private static readonly IReadOnlyDictionary<string, ConfigurationItem> Current = ConfigurationView.Build(
        new EditableSettings(ProjectCreationRestriction.Everyone, EditableSettings.Unlimited),
        new AuthOptions(),
        new LdapOptions { Url = "ldap://dir", SearchPassword = "never-shown" },
        new OidcOptions { ClientSecret = "never-shown" },
        new AuditOptions());

    private static ConfigurationUpdateResult Evaluate(string json, bool usersExist = false)
    {
        using var document = JsonDocument.Parse(json);
        return ConfigurationUpdate.Evaluate(document.RootElement, Current, usersExist);
    }

    [Fact]
    public void Editable_values_become_settings_to_store()
    {
        var result = Evaluate("""{"project_creation_restriction":"adminonly","storage_per_project":1073741824}""");

        Assert.Null(result.Refusal);
        Assert.Equal(
            new Dictionary<string, string> { ["config.project_creation_restriction"] = "adminonly", ["config.storage_per_project"] = "1073741824" },
            result.Changes);
    }

    [Fact]
    public void Unknown_keys_are_ignored_and_unchanged_fixed_values_accepted()
    {
        var result = Evaluate("""{"no_such_key":[1,2],"auth_mode":"db_auth","ldap_url":"ldap://dir","token_expiration":30,"storage_per_project":-1}""");

        Assert.Null(result.Refusal);
        Assert.Equal(new Dictionary<string, string> { ["config.storage_per_project"] = "-1" }, result.Changes);
    }

    [Theory]
    [InlineData("""{"project_creation_restriction":"AdminOnly"}""", "project_creation_restriction")]
    [InlineData("""{"project_creation_restriction":true}""", "must be a string")]
    [InlineData("""{"storage_per_project":0}""", "-1 or greater than zero")]
    [InlineData("""{"storage_per_project":-2}""", "-1 or greater than zero")]
    [InlineData("""{"storage_per_project":"10"}""", "must be an integer")]
    [InlineData("""{"storage_per_project":1.5}""", "must be an integer")]
    [InlineData("""{"self_registration":"false"}""", "must be a boolean")]
    [InlineData("""["project_creation_restriction"]""", "JSON object")]
    public void Wrong_types_and_values_are_bad_requests_that_change_nothing(string json, string message)
    {
        var result = Evaluate(json);

        Assert.False(result.Refusal!.Forbidden);
        Assert.Contains(message, result.Refusal.Message, StringComparison.Ordinal);
        Assert.Empty(result.Changes);
    }

    [Fact]
    public void A_bad_value_after_a_good_one_refuses_the_whole_update()
    {
        var result = Evaluate("""{"project_creation_restriction":"adminonly","storage_per_project":0}""");

        Assert.NotNull(result.Refusal);
        Assert.Empty(result.Changes);
    }

    [Theory]
    [InlineData("""{"ldap_url":"ldap://elsewhere"}""", "ArtifactKeeper:Ldap:Url")]
    [InlineData("""{"token_expiration":60}""", "ArtifactKeeper:Auth:TokenLifetime")]
    [InlineData("""{"read_only":true}""", "read_only")]
    [InlineData("""{"auth_mode":"ldap_auth"}""", "ArtifactKeeper:Auth:Mode")]
    [InlineData("""{"ldap_search_password":"x"}""", "ldap_search_password")]
    [InlineData("""{"oidc_client_secret":""}""", "oidc_client_secret")]
    public void Changing_what_the_server_configuration_decides_is_forbidden(string json, string message)
    {
        var result = Evaluate(json);

        Assert.True(result.Refusal!.Forbidden);
        Assert.Contains(message, result.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auth_mode_change_once_users_exist_is_harbors_bad_request()
    {
        var result = Evaluate("""{"auth_mode":"oidc_auth"}""", usersExist: true);

        Assert.False(result.Refusal!.Forbidden);
        Assert.Equal("the auth mode cannot be modified as new users have been inserted into database", result.Refusal.Message);
    }

    [Fact]
    public void View_holds_no_secret_and_marks_only_api_settings_editable()
    {
        Assert.DoesNotContain(Current, e => ConfigurationKeys.Secrets.Contains(e.Key) || Equals(e.Value.Value, "never-shown"));
        Assert.Equal(
            [ConfigurationKeys.ProjectCreationRestriction, ConfigurationKeys.StoragePerProject],
            Current.Where(e => e.Value.Editable).Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal("db_auth", Current[ConfigurationKeys.AuthMode].Value);
        Assert.Equal(2L, Current["ldap_scope"].Value);
    }
}
