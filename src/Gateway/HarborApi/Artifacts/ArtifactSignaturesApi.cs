using ArtifactKeeper.Access;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Signing;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>
/// <c>GET .../artifacts/{reference}/signatures</c>: every signature of the artifact (cosign <c>.sig</c> tag, Sigstore
/// bundle and Notation referrers) with its verdict under the project's current policy, whether or not the project
/// enforces it. Readable by whoever may list the artifact's accessories.
/// </summary>
public static class ArtifactSignaturesApi
{
    public static RouteGroupBuilder MapArtifactSignaturesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet(ArtifactsApi.One + "/signatures", ListAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, string projectName, string repositoryName, string reference, ArtifactScope scopes, IGrainFactory grains)
    {
        var (scope, artifact, failure) = await scopes.ResolveArtifactAsync(context, projectName, repositoryName, reference, new Permission(RbacResources.Accessory, RbacActions.List));
        if (failure is not null)
        {
            return failure;
        }

        var verdicts = await grains.GetGrain<IContentTrustGrain>(scope.Project.Project!.Name).ListSignaturesAsync(scope.Name, artifact!.Digest);
        return Results.Json(verdicts.Select(SignatureModel.From).ToList());
    }
}
