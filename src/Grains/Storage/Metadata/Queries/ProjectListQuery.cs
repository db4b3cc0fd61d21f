namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// Which projects a caller may see in a listing. <see cref="Everything"/> for the system admin;
/// otherwise public projects (unless <see cref="IncludePublic"/> is off) plus those where user
/// <see cref="MemberUserId"/>, or one of its groups <see cref="MemberGroupIds"/>, is a member, as in Harbor.
/// </summary>
public sealed record ProjectVisibility(bool Everything, long? MemberUserId, bool IncludePublic = true)
{
    public static ProjectVisibility All { get; } = new(true, null);

    public static ProjectVisibility PublicOnly { get; } = new(false, null);

    /// <summary>The caller's user groups (ids), whose memberships count as the caller's.</summary>
    public IReadOnlyList<long> MemberGroupIds { get; init; } = [];
}

/// <summary>A project listing request: filters on <see cref="ProjectFields"/>, sorts, a page, and the caller's view.</summary>
public sealed record ProjectListQuery(ListQuery Query, ProjectVisibility Visibility);

/// <summary>
/// One project in a listing, with the facts a list shows beside the row; <paramref name="RegistryId"/> is the endpoint a
/// proxy-cache project pulls through, null for an ordinary project.
/// </summary>
public sealed record ProjectListing(ProjectRecord Project, long OwnerId, long RepoCount, long? RegistryId);
