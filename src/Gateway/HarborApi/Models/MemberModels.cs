using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's ProjectMemberEntity, as <c>GET /projects/{p}/members</c> returns it.</summary>
public sealed record ProjectMemberEntity(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("project_id")] long ProjectId,
    [property: JsonPropertyName("entity_name")] string EntityName,
    [property: JsonPropertyName("role_name")] string RoleName,
    [property: JsonPropertyName("role_id")] long RoleId,
    [property: JsonPropertyName("entity_id")] long EntityId,
    [property: JsonPropertyName("entity_type")] string EntityType);

/// <summary>Harbor's ProjectMember: the body of <c>POST /projects/{p}/members</c>.</summary>
public sealed class ProjectMemberReq
{
    [JsonPropertyName("role_id")]
    public long? RoleId { get; set; }

    [JsonPropertyName("member_user")]
    public UserEntity? MemberUser { get; set; }

    [JsonPropertyName("member_group")]
    public UserGroupModel? MemberGroup { get; set; }
}

/// <summary>Harbor's UserEntity: a user by id or by name.</summary>
public sealed class UserEntity
{
    [JsonPropertyName("user_id")]
    public long? UserId { get; set; }

    [JsonPropertyName("username")]
    public string? Username { get; set; }
}

/// <summary>Harbor's RoleRequest: the body of <c>PUT /projects/{p}/members/{mid}</c>.</summary>
public sealed class RoleRequest
{
    [JsonPropertyName("role_id")]
    public long? RoleId { get; set; }
}

/// <summary>Harbor's UserGroup, in requests and answers.</summary>
public sealed class UserGroupModel
{
    [JsonPropertyName("id")]
    public long? Id { get; set; }

    [JsonPropertyName("group_name")]
    public string? GroupName { get; set; }

    [JsonPropertyName("group_type")]
    public int? GroupType { get; set; }

    [JsonPropertyName("ldap_group_dn")]
    public string? LdapGroupDn { get; set; }
}

/// <summary>Harbor's UserGroupSearchItem: a group as <c>/usergroups/search</c> lists it.</summary>
public sealed record UserGroupSearchItem(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("group_name")] string GroupName,
    [property: JsonPropertyName("group_type")] int GroupType);

/// <summary>Harbor's Permission, as <c>/users/current/permissions</c> lists it.</summary>
public sealed record PermissionModel(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("action")] string Action);
