using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Labels;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "label" API tag: create, list, read, update and delete global (<c>g</c>) and project (<c>p</c>)
/// labels. Who may is <see cref="LabelAccess"/>'s decision; deleting a label detaches it from every artifact.
/// </summary>
public static class LabelsApi
{
    private const string One = "/labels/{labelId}";

    /// <summary>q keys; scope and project_id come from their own parameters and win over q, as in Harbor.</summary>
    private static readonly IReadOnlySet<string> QueryKeys =
        new HashSet<string>([LabelFields.Id, LabelFields.Name, LabelFields.Description, LabelFields.Color], StringComparer.Ordinal);

    public static RouteGroupBuilder MapLabelsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/labels", CreateAsync);
        api.MapGet("/labels", ListAsync);
        api.MapGet(One, GetAsync);
        api.MapPut(One, UpdateAsync);
        api.MapDelete(One, DeleteAsync);
        return api;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, RegistryAuthenticator authenticator, ProjectResolver resolver, ILabelMetadata labels, TimeProvider clock)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Invalid)
        {
            return InvalidCredentials();
        }

        var body = await HarborJsonBody.ReadAsync<LabelReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var request = body.Value!;
        if (LabelRules.CheckNew(request.Name, request.Color, request.Scope, request.ProjectId) is { } invalid)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        var projectId = request.Scope == LabelRules.ProjectScope ? request.ProjectId!.Value : 0;
        if (await LabelAccess.CheckAsync(context, caller, resolver, request.Scope!, projectId, RbacActions.Create) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var created = await labels.TryCreateLabelAsync(
            new LabelRecord(0, request.Name!, request.Description ?? string.Empty, request.Color ?? string.Empty, request.Scope!, projectId, now, now),
            context.RequestAborted);
        if (created is null)
        {
            return HarborErrorResult.From(RegistryError.Conflict, $"label {request.Name} already exists");
        }

        context.Response.Headers.Location = $"/api/v2.0/labels/{created.LabelId.ToString(CultureInfo.InvariantCulture)}";
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    /// <summary>
    /// Harbor's listing: <c>scope</c> is required (<c>g</c> or <c>p</c>); <c>p</c> needs <c>project_id</c> and the
    /// caller's <c>label</c>/<c>list</c> there, while global labels are listed to anyone, as Harbor does.
    /// <c>name</c> matches as a substring.
    /// </summary>
    private static async Task<IResult> ListAsync(HttpContext context, RegistryAuthenticator authenticator, ProjectResolver resolver, ILabelMetadata labels)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Invalid)
        {
            return InvalidCredentials();
        }

        var query = context.Request.Query;
        if (!HarborListRequest.TryRead(query, QueryKeys, out var list, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error);
        }

        if (LabelFields.Validate(list.Filters) is { } invalid)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        var scope = query["scope"].ToString();
        if (scope is not (LabelRules.GlobalScope or LabelRules.ProjectScope))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, $"invalid scope: {scope} (g or p)");
        }

        list.AddFuzzyParameter("name", LabelFields.Name);
        long projectId = 0;
        if (scope == LabelRules.ProjectScope)
        {
            var text = query["project_id"].ToString();
            if (text.Length == 0 || text == "0")
            {
                return HarborErrorResult.From(RegistryError.BadRequest, "must with project ID when to query project labels");
            }

            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out projectId) || projectId <= 0)
            {
                return HarborErrorResult.From(RegistryError.BadRequest, "project_id must be a positive integer");
            }

            if (await LabelAccess.CheckAsync(context, caller, resolver, scope, projectId, RbacActions.List) is { } refused)
            {
                return refused;
            }
        }

        list.Filters[LabelFields.Scope] = new ExactValue(scope);
        list.Filters[LabelFields.ProjectId] = new ExactValue(projectId.ToString(CultureInfo.InvariantCulture));
        var result = await labels.ListLabelsAsync(list.ToListQuery(LabelFields.Sortable), context.RequestAborted);
        list.WriteHeaders(context, result.Total);
        return Results.Json(result.Items.Select(LabelModel.From));
    }

    private static async Task<IResult> GetAsync(
        string labelId, HttpContext context, RegistryAuthenticator authenticator, ProjectResolver resolver, ILabelMetadata labels)
    {
        var target = await FindAsync(labelId, context, authenticator, resolver, labels, RbacActions.Read);
        return target.Error ?? Results.Json(LabelModel.From(target.Label!));
    }

    /// <summary>Harbor's update replaces name, description and color; scope and project never change.</summary>
    private static async Task<IResult> UpdateAsync(
        string labelId, HttpContext context, RegistryAuthenticator authenticator, ProjectResolver resolver, ILabelMetadata labels, TimeProvider clock)
    {
        var target = await FindAsync(labelId, context, authenticator, resolver, labels, RbacActions.Update);
        if (target.Error is not null)
        {
            return target.Error;
        }

        var body = await HarborJsonBody.ReadAsync<LabelReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var request = body.Value!;
        if ((LabelRules.CheckName(request.Name) ?? LabelRules.CheckColor(request.Color)) is { } invalid)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        var label = target.Label!;
        return await labels.TryUpdateLabelAsync(
                label.LabelId, request.Name!, request.Description ?? string.Empty, request.Color ?? string.Empty, clock.GetUtcNow(), context.RequestAborted) switch
        {
            LabelChange.Changed => Results.Ok(),
            LabelChange.Duplicate => HarborErrorResult.From(RegistryError.Conflict, $"label {request.Name} already exists"),
            _ => NotFound(label.LabelId),
        };
    }

    private static async Task<IResult> DeleteAsync(
        string labelId, HttpContext context, RegistryAuthenticator authenticator, ProjectResolver resolver, ILabelMetadata labels)
    {
        var target = await FindAsync(labelId, context, authenticator, resolver, labels, RbacActions.Delete);
        if (target.Error is not null)
        {
            return target.Error;
        }

        return await labels.DeleteLabelAsync(target.Label!.LabelId, context.RequestAborted) ? Results.Ok() : NotFound(target.Label.LabelId);
    }

    /// <summary>The label of the path, once the caller is known to be allowed <paramref name="action"/> on it (404 before 403, as Harbor).</summary>
    private static async Task<(LabelRecord? Label, IResult? Error)> FindAsync(
        string labelId, HttpContext context, RegistryAuthenticator authenticator, ProjectResolver resolver, ILabelMetadata labels, string action)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Invalid)
        {
            return (null, InvalidCredentials());
        }

        if (!HarborIds.TryParse(labelId, out var id))
        {
            return (null, HarborErrorResult.From(RegistryError.BadRequest, "label_id must be a positive integer"));
        }

        var label = await labels.GetLabelAsync(id, context.RequestAborted);
        if (label is null)
        {
            return (null, NotFound(id));
        }

        var refused = await LabelAccess.CheckAsync(context, caller, resolver, label.Scope, label.ProjectId, action);
        return refused is null ? (label, null) : (null, refused);
    }

    private static IResult NotFound(long id) =>
        HarborErrorResult.From(RegistryError.NameUnknown, $"label {id.ToString(CultureInfo.InvariantCulture)} not found");

    private static IResult InvalidCredentials() => HarborErrorResult.From(RegistryError.Unauthorized, "invalid credentials");
}
