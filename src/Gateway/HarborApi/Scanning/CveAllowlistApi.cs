using System.Text.Json;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scanning;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.HarborApi.Scanning;

/// <summary>
/// The system CVE allowlist (Harbor's <c>GET|PUT /system/CVEAllowlist</c>: any signed-in caller reads, system
/// administrators write) and our bulk addition across projects (<c>POST /cve-allowlists/items</c>: a system
/// administrator, or a caller who may update every named project; all lists change or none).
/// </summary>
public static class CveAllowlistApi
{
    public static RouteGroupBuilder MapCveAllowlistApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/system/CVEAllowlist", GetSystemAsync);
        api.MapPut("/system/CVEAllowlist", PutSystemAsync);
        api.MapPost("/cve-allowlists/items", BulkAddAsync);
        return api;
    }

    private static async Task<IResult> GetSystemAsync(HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Invalid)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "invalid credentials");
        }

        if (caller.User is null && caller.Robot is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authentication required");
        }

        var list = await grains.GetGrain<ISystemCveAllowlistGrain>(CveAllowlist.SystemScope).GetAsync();
        return Results.Json(CveAllowlistModel.From(list));
    }

    private static async Task<IResult> PutSystemAsync(
        HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, IOptions<VulnerabilityPolicyOptions> options, CveAllowlistAudit audit)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SystemAdminApi.Refusal(caller) is { } refused)
        {
            return refused;
        }

        var body = await HarborJsonBody.ReadAsync<CveAllowlistReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (!CveAllowlistInput.TryRead(body.Value!, caller.DisplayName, options.Value.RequireJustification, out var change, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var result = await grains.GetGrain<ISystemCveAllowlistGrain>(CveAllowlist.SystemScope).TrySetAsync(change!);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "allowlist not changed");
        }

        audit.Changed(caller, null, result.Lists[0], "set");
        return Results.Ok();
    }

    private static async Task<IResult> BulkAddAsync(
        HttpContext context, ProjectResolver resolver, IGrainFactory grains, IOptions<VulnerabilityPolicyOptions> options, CveAllowlistAudit audit)
    {
        var body = await HarborJsonBody.ReadAsync<CveAllowlistBulkReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (!TryReadProjects(body.Value!.Projects, out var references, out var error) ||
            !CveAllowlistInput.TryReadItems(body.Value.Items, options.Value.RequireJustification, out var items, out error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        if (items.Count == 0)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "items must name at least one CVE id");
        }

        // Every project must exist and the caller must be allowed to change it (system administrators are) before any changes.
        var projects = new List<ProjectInfo>(references.Count);
        RegistryCaller? caller = null;
        foreach (var reference in references)
        {
            var resolved = await resolver.ResolveAsync(context, reference, ProjectPermissions.UpdateProject);
            if (resolved.Error is not null)
            {
                return resolved.Error;
            }

            caller = resolved.Caller;
            if (projects.All(p => p.ProjectId != resolved.Project!.ProjectId))
            {
                projects.Add(resolved.Project!);
            }
        }

        var result = await grains.GetGrain<ICveAllowlistBulkGrain>(0)
            .TryAddAsync(new CveAllowlistBulkAdd([.. projects.Select(p => p.Name)], items, caller!.DisplayName));
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "allowlists not changed");
        }

        foreach (var (project, list) in projects.Zip(result.Lists))
        {
            audit.Changed(caller, project.Name, list, "bulk add to");
        }

        return Results.Json(result.Lists.Select(CveAllowlistModel.From));
    }

    /// <summary>Names (strings) or ids (numbers); at least one.</summary>
    private static bool TryReadProjects(List<JsonElement>? values, out List<ProjectNameOrId> references, out string? error)
    {
        references = [];
        foreach (var value in values ?? [])
        {
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } name)
            {
                references.Add(new ProjectNameOrId(null, name));
            }
            else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) && id > 0)
            {
                references.Add(new ProjectNameOrId(id, null));
            }
            else
            {
                error = "projects must hold project names (strings) or ids (positive integers)";
                return false;
            }
        }

        error = references.Count == 0 ? "projects must name at least one project" : null;
        return error is null;
    }
}
