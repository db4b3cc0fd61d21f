using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Retention;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Retention;

/// <summary>
/// Harbor's retention access rule (<c>requireAccess</c>): every retention endpoint needs a signed-in caller (401
/// otherwise), and a policy's endpoints need <c>tag-retention</c>/<c>action</c> in the policy's project under the role
/// matrix (project admin, maintainer and developer; guests nothing), 403 when it is missing.
/// </summary>
public sealed class RetentionAccess(RegistryAuthenticator authenticator, ProjectResolver resolver, IRetentionMetadata store)
{
    /// <summary>Null when the caller is signed in; else the 401 to send.</summary>
    public async Task<IResult?> RequireSignedInAsync(HttpContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        return caller.Kind == CallerKind.Invalid ? HarborErrorResult.From(RegistryError.Unauthorized, "invalid credentials")
            : caller.User is null && caller.Robot is null ? HarborErrorResult.From(RegistryError.Unauthorized, "authentication required")
            : null;
    }

    /// <summary>The caller's view of project <paramref name="projectId"/> with <c>tag-retention</c>/<paramref name="action"/>.</summary>
    public Task<ResolvedProject> ResolveProjectAsync(HttpContext context, long projectId, string action) =>
        resolver.ResolveAsync(context, new ProjectNameOrId(projectId, null), new Permission(RbacResources.TagRetention, action));

    /// <summary>Policy <paramref name="id"/> and its project, when the caller holds <c>tag-retention</c>/<paramref name="action"/> there.</summary>
    public async Task<ResolvedPolicy> ResolvePolicyAsync(HttpContext context, string id, string action)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await RequireSignedInAsync(context) is { } refused)
        {
            return new ResolvedPolicy(null, null, refused);
        }

        if (!HarborIds.TryParse(id, out var policyId))
        {
            return new ResolvedPolicy(null, null, HarborIds.Invalid("id", id));
        }

        var policy = await store.GetRetentionPolicyAsync(policyId, context.RequestAborted);
        if (policy is null)
        {
            return new ResolvedPolicy(null, null, NotFound(policyId));
        }

        var resolved = await ResolveProjectAsync(context, policy.ScopeReference, action);
        return resolved.Error is null ? new ResolvedPolicy(policy, resolved, null) : new ResolvedPolicy(null, null, resolved.Error);
    }

    public static IResult NotFound(long policyId) =>
        HarborErrorResult.From(RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"retention policy {policyId} not found"));
}

/// <summary>A policy and the caller's view of its project, or the error response to send instead.</summary>
public sealed record ResolvedPolicy(RetentionPolicy? Policy, ResolvedProject? Project, IResult? Error);
