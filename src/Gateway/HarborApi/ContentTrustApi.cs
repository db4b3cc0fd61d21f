using System.Globalization;
using System.Text;
using ArtifactKeeper.Access;
using ArtifactKeeper.Audit;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Signing;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// <c>GET|PUT /projects/{project_name_or_id}/content-trust</c>: what the project trusts (cosign keys, keyless
/// identities and trusted root; Notation trust store and trust policy). As Harbor's project configuration, members
/// read it (<c>configuration:read</c>) and project and system admins change it (<c>configuration:update</c>).
/// Whether pulls are checked is the project metadata's <c>enable_content_trust_cosign</c> / <c>enable_content_trust</c>.
/// </summary>
public static class ContentTrustApi
{
    private const string Path = "/projects/{projectNameOrId}/content-trust";

    public static RouteGroupBuilder MapContentTrustApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet(Path, GetAsync);
        api.MapPut(Path, PutAsync);
        return api;
    }

    private static async Task<IResult> GetAsync(string projectNameOrId, HttpContext context, ProjectResolver resolver, IGrainFactory grains)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, new Permission(RbacResources.Configuration, RbacActions.Read));
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var view = await grains.GetGrain<IContentTrustGrain>(resolved.Project!.Name).GetPolicyAsync();
        return Results.Text(WithVersion(view), "application/json", Encoding.UTF8);
    }

    /// <summary>Replaces the policy; 200 with the stored policy and its new version, 400 with the reason for bad input.</summary>
    private static async Task<IResult> PutAsync(
        string projectNameOrId, HttpContext context, ProjectResolver resolver, IGrainFactory grains, ChangeAudit audit)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, new Permission(RbacResources.Configuration, RbacActions.Update));
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var body = await ReadBodyAsync(context.Request);
        if (body is null)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, $"a JSON request body of at most {HarborJsonBody.MaxBytes} bytes is required");
        }

        var project = resolved.Project!;
        var grain = grains.GetGrain<IContentTrustGrain>(project.Name);
        var result = await grain.TrySetPolicyAsync(body);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "content trust policy not changed");
        }

        audit.Project(resolved.Caller, AuditEvents.Update, project.Name, project.ProjectId,
            string.Create(CultureInfo.InvariantCulture, $"content trust policy version {result.Version}"));
        return Results.Text(WithVersion(await grain.GetPolicyAsync()), "application/json", Encoding.UTF8);
    }

    /// <summary>The stored document with its <c>version</c> first (a read-only field; a PUT ignores it).</summary>
    private static string WithVersion(ContentTrustPolicyView view) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"version\":{view.Version},") + view.Document[1..];

    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > HarborJsonBody.MaxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > HarborJsonBody.MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0 ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
