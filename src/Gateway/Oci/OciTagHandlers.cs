using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Oci;

/// <summary>end-8a/8b: the sorted tag list with <c>n</c>/<c>last</c> paging and a Link to the next page.</summary>
public static class OciTagHandlers
{
    public static async Task<IResult> ListAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!OciPaging.TryRead(request.Http.Request, out var n, out var last))
        {
            return OciErrorResult.Custom(StatusCodes.Status400BadRequest, "PAGINATION_NUMBER_INVALID", "n must be a non-negative integer");
        }

        var repository = request.Repository;
        if (!await repository.ExistsAsync())
        {
            return new OciErrorResult(RegistryError.NameUnknown, $"repository {request.Name} is not known");
        }

        var page = n == 0 ? new TagPage([], false) : await repository.ListTagsAsync(last, n);
        if (page.HasMore && n is { } size && page.Tags.Count > 0)
        {
            request.Http.Response.Headers.Link = OciLocations.NextPageLink($"/v2/{request.Name}/tags/list", size, page.Tags[^1]);
        }

        return Results.Json(new TagListResponse(request.Name, page.Tags));
    }

    private sealed record TagListResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("name")] string Name,
        [property: System.Text.Json.Serialization.JsonPropertyName("tags")] IReadOnlyList<string> Tags);
}
