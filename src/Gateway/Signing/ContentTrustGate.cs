using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Oci;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Signing.Trust;

namespace ArtifactKeeper.Signing;

/// <summary>
/// Enforces content trust on manifest GETs. HEAD is not checked: it returns no content, and the GET that fetches the
/// manifest is refused with the reason, which a HEAD answer could not carry (Harbor's middleware also runs on HEAD). The project's
/// metadata (<see cref="ContentTrustKeys"/>, read from the <see cref="ProjectDirectory"/> cache the access check just
/// filled) decides whether anything is checked; with neither key on a pull costs no grain call. Otherwise the
/// project's <see cref="IContentTrustGrain"/> decides, in one call, unless a bypass applies: the manifest is itself a
/// signature or a cosign attestation or SBOM (<see cref="SignatureManifests.IsAccessoryArtifact"/>), the caller is the scanner (<see cref="IsScannerPull"/>), or a signer reads before signing (push access
/// and a User-Agent naming cosign or notation). System administrators are not exempt.
/// </summary>
public sealed class ContentTrustGate(ProjectDirectory projects, RepositoryAuthorizer authorizer, IGrainFactory grains)
{
    /// <summary>A 412 DENIED saying what is missing, or null when the pull may go on.</summary>
    public async ValueTask<IResult?> RefuseAsync(OciRequest request, ManifestContent manifest)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(manifest);
        var project = await projects.FindAsync(RegistryKeys.ProjectOf(request.Name));
        if (project is null)
        {
            return null;
        }

        var (cosign, notation) = ContentTrustKeys.Required(project.Metadata);
        if ((!cosign && !notation) ||
            SignatureManifests.IsAccessoryArtifact(request.Reference, manifest.Content) ||
            IsScannerPull(request.Caller, request.Name, project) ||
            await IsSignerReadAsync(request))
        {
            return null;
        }

        var verdict = await grains.GetGrain<IContentTrustGrain>(project.Name)
            .CheckPullAsync(new PullCheck(request.Name, manifest.Digest, cosign, notation));
        if (verdict.Allowed)
        {
            return null;
        }

        var message = verdict.Message ?? $"artifact {manifest.Digest} is not signed as the project's policy requires";
        var tag = OciGrammar.LooksLikeDigest(request.Reference) ? null : request.Reference;
        await request.RecordAsync((projectId, at) =>
            AuditEvents.PullRefusedByContentTrust(request.Caller.DisplayName, request.Name, tag, manifest.Digest, projectId, at, message));
        return new OciErrorResult(RegistryError.PreconditionFailed, message);
    }

    /// <summary>
    /// The scanner's hook: Harbor lets a robot (or a token) holding <c>repository:scanner-pull</c> in the project pull
    /// without the check, so a scanner can scan unsigned images. The robot an external scan is handed
    /// (<c>ScanRobotIssuer</c>) holds it, and its tokens carry it whenever they grant pull (<c>RobotGrants</c>).
    /// </summary>
    public static bool IsScannerPull(RegistryCaller caller, string repository, ProjectInfo project)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(project);
        return caller.Kind switch
        {
            CallerKind.Robot => RobotGrants.Allows(caller.Robot!, project, new Permission(RbacResources.Repository, RbacActions.ScannerPull)),
            CallerKind.Token => caller.Token!.Access.Any(a =>
                a.Type == "repository" && string.Equals(a.Name, repository, StringComparison.Ordinal) && a.Actions.Contains(RbacActions.ScannerPull)),
            _ => false,
        };
    }

    /// <summary>Signers read the manifest before they sign: a caller with push access whose User-Agent names cosign or notation.</summary>
    private async ValueTask<bool> IsSignerReadAsync(OciRequest request)
    {
        var agent = request.Http.Request.Headers.UserAgent.ToString();
        if (!agent.Contains("cosign", StringComparison.Ordinal) && !agent.Contains("notation", StringComparison.Ordinal))
        {
            return false;
        }

        return await authorizer.AuthorizeAsync(request.Caller, request.Name, AccessPolicy.Push, request.Aborted) == AccessDecision.Allowed;
    }
}
