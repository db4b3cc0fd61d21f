using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's LdapConf: the optional body of <c>POST /ldap/ping</c>. Absent fields keep the configured value.</summary>
public sealed class LdapConf
{
    [JsonPropertyName("ldap_url")]
    public string? LdapUrl { get; set; }

    [JsonPropertyName("ldap_search_dn")]
    public string? LdapSearchDn { get; set; }

    [JsonPropertyName("ldap_search_password")]
    public string? LdapSearchPassword { get; set; }

    [JsonPropertyName("ldap_base_dn")]
    public string? LdapBaseDn { get; set; }

    [JsonPropertyName("ldap_filter")]
    public string? LdapFilter { get; set; }

    [JsonPropertyName("ldap_uid")]
    public string? LdapUid { get; set; }

    /// <summary>0 base, 1 one level, 2 subtree.</summary>
    [JsonPropertyName("ldap_scope")]
    public long? LdapScope { get; set; }

    [JsonPropertyName("ldap_connection_timeout")]
    public long? LdapConnectionTimeout { get; set; }

    [JsonPropertyName("ldap_verify_cert")]
    public bool? LdapVerifyCert { get; set; }
}

/// <summary>Harbor's LdapPingResult.</summary>
public sealed record LdapPingResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("message")] string Message);

/// <summary>Harbor's LdapUser, one entry of <c>GET /ldap/users/search</c>.</summary>
public sealed record LdapUser(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("realname")] string Realname,
    [property: JsonPropertyName("email")] string Email);

/// <summary>Harbor's LdapImportUsers, the body of <c>POST /ldap/users/import</c>.</summary>
public sealed class LdapImportUsers
{
    [JsonPropertyName("ldap_uid_list")]
    public List<string>? LdapUidList { get; set; }
}

/// <summary>Harbor's LdapFailedImportUser.</summary>
public sealed record LdapFailedImportUser(
    [property: JsonPropertyName("uid")] string Uid,
    [property: JsonPropertyName("error")] string Error);

/// <summary>Harbor's UserGroup as <c>GET /ldap/groups/search</c> returns it (not onboarded yet, so id 0).</summary>
public sealed record UserGroup(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("group_name")] string GroupName,
    [property: JsonPropertyName("group_type")] int GroupType,
    [property: JsonPropertyName("ldap_group_dn")] string LdapGroupDn);
