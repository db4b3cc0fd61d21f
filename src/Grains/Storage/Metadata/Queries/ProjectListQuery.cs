namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// Which projects a caller may see in a listing. <see cref="Everything"/> for the system admin;
/// otherwise public projects (unless <see cref="IncludePublic"/> is off) plus those
/// <see cref="Viewer"/> owns. Project membership joins here later.
/// </summary>
public sealed record ProjectVisibility(bool Everything, string? Viewer, bool IncludePublic = true)
{
    public static ProjectVisibility All { get; } = new(true, null);

    public static ProjectVisibility PublicOnly { get; } = new(false, null);
}

/// <summary>A project listing request: filters on <see cref="ProjectFields"/>, sorts, a page, and the caller's view.</summary>
public sealed record ProjectListQuery(ListQuery Query, ProjectVisibility Visibility);

/// <summary>One project in a listing, with the facts a list shows beside the row.</summary>
public sealed record ProjectListing(ProjectRecord Project, long OwnerId, long RepoCount);
