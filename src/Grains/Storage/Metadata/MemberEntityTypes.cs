using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>The stored (and Harbor's wire) spelling of a member's entity type: <c>u</c> for users, <c>g</c> for groups.</summary>
public static class MemberEntityTypes
{
    public const string UserCode = "u", GroupCode = "g";

    public static string Code(MemberEntityType type) => type == MemberEntityType.Group ? GroupCode : UserCode;

    public static MemberEntityType Parse(string code) => code == GroupCode ? MemberEntityType.Group : MemberEntityType.User;
}
