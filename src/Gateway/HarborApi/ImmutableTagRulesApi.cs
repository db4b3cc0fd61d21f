using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Audit;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Policy;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "immutable" API tag: <c>/projects/{p}/immutabletagrules</c>. Project admins and maintainers list and
/// change rules (Harbor's role matrix gives <c>immutable-tag</c> to no other role); the project grain validates and
/// stores them, and enforces them on every push and delete.
/// </summary>
public static class ImmutableTagRulesApi
{
    /// <summary>The audit resource type of rule changes.</summary>
    public const string AuditResourceType = "immutable_rule";

    private const string All = "/projects/{projectNameOrId}/immutabletagrules";
    private const string One = All + "/{immutableRuleId}";

    private static readonly Permission ListRules = new(RbacResources.ImmutableTag, RbacActions.List);
    private static readonly Permission CreateRule = new(RbacResources.ImmutableTag, RbacActions.Create);
    private static readonly Permission UpdateRule = new(RbacResources.ImmutableTag, RbacActions.Update);
    private static readonly Permission DeleteRule = new(RbacResources.ImmutableTag, RbacActions.Delete);

    public static RouteGroupBuilder MapImmutableTagRulesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet(All, ListAsync);
        api.MapPost(All, CreateAsync);
        api.MapPut(One, UpdateAsync);
        api.MapDelete(One, DeleteAsync);
        return api;
    }

    /// <summary>The rules in id order, one page at a time (Harbor's default page size is 10; its portal asks for 15).</summary>
    private static async Task<IResult> ListAsync(string projectNameOrId, HttpContext context, ProjectResolver resolver, IGrainFactory grains)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ListRules);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        if (!HarborPaging.TryParse(context.Request.Query, out var page, out var pageSize, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var rules = await grains.GetGrain<IProjectImmutabilityGrain>(resolved.Project!.Name).ListImmutableRulesAsync();
        HarborPaging.WriteHeaders(context, rules.Count, page, pageSize);
        return Results.Json(rules.Skip((int)Math.Min((long)(page - 1) * pageSize, int.MaxValue)).Take(pageSize).Select(ImmutableRuleInput.ToModel));
    }

    private static async Task<IResult> CreateAsync(
        string projectNameOrId, HttpContext context, ProjectResolver resolver, IGrainFactory grains, IAuditLog audit, TimeProvider clock)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, CreateRule);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var read = await ReadRuleAsync(context.Request, 0);
        if (read.Error is not null)
        {
            return read.Error;
        }

        var result = await grains.GetGrain<IProjectImmutabilityGrain>(resolved.Project!.Name).TryCreateImmutableRuleAsync(read.Rule!);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "the immutable rule was not created");
        }

        var id = result.Rule!.Id.ToString(CultureInfo.InvariantCulture);
        Record(audit, clock, resolved, AuditEvents.Create, result.Rule.Id, result.Rule);
        context.Response.Headers.Location = $"/api/v2.0/projects/{Uri.EscapeDataString(projectNameOrId)}/immutabletagrules/{id}";
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    /// <remarks>
    /// Harbor answers 400 when the body's <c>id</c> differs from the path's; a body without an id means the path's rule.
    /// Harbor applies only the <c>disabled</c> flag when it changes; here the whole rule is replaced in one step.
    /// </remarks>
    private static async Task<IResult> UpdateAsync(
        string projectNameOrId, string immutableRuleId, HttpContext context, ProjectResolver resolver, IGrainFactory grains, IAuditLog audit, TimeProvider clock)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, UpdateRule);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        if (ParseRuleId(immutableRuleId) is not { } id)
        {
            return InvalidRuleId();
        }

        var read = await ReadRuleAsync(context.Request, id);
        if (read.Error is not null)
        {
            return read.Error;
        }

        var result = await grains.GetGrain<IProjectImmutabilityGrain>(resolved.Project!.Name).TryUpdateImmutableRuleAsync(read.Rule!);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "the immutable rule was not updated");
        }

        Record(audit, clock, resolved, AuditEvents.Update, id, result.Rule);
        return Results.Ok();
    }

    private static async Task<IResult> DeleteAsync(
        string projectNameOrId, string immutableRuleId, HttpContext context, ProjectResolver resolver, IGrainFactory grains, IAuditLog audit, TimeProvider clock)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, DeleteRule);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        if (ParseRuleId(immutableRuleId) is not { } id)
        {
            return InvalidRuleId();
        }

        var project = grains.GetGrain<IProjectImmutabilityGrain>(resolved.Project!.Name);
        var rule = (await project.ListImmutableRulesAsync()).FirstOrDefault(r => r.Id == id);
        var result = await project.TryDeleteImmutableRuleAsync(id);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "the immutable rule was not deleted");
        }

        Record(audit, clock, resolved, AuditEvents.Delete, id, rule);
        return Results.Ok();
    }

    private static async Task<(ImmutableRule? Rule, IResult? Error)> ReadRuleAsync(HttpRequest request, long id)
    {
        var body = await HarborJsonBody.ReadAsync<ImmutableRuleReq>(request);
        if (body.Error is not null)
        {
            return (null, body.Error);
        }

        if (id != 0 && body.Value!.Id is { } bodyId && bodyId != 0 && bodyId != id)
        {
            return (null, HarborErrorResult.From(RegistryError.BadRequest, "the immutable_rule_id doesn't match the id in the payload body of ImmutableRule"));
        }

        return ImmutableRuleInput.TryRead(body.Value!, id, out var rule, out var error)
            ? (rule, null)
            : (null, HarborErrorResult.From(RegistryError.BadRequest, error!));
    }

    private static long? ParseRuleId(string text) =>
        HarborIds.TryParse(text, out var id) ? id : null;

    private static IResult InvalidRuleId() =>
        HarborErrorResult.From(RegistryError.BadRequest, "immutable_rule_id must be a positive integer");

    /// <summary>One audit entry per change: who, which rule of which project, and what the rule selects.</summary>
    private static void Record(IAuditLog audit, TimeProvider clock, ResolvedProject resolved, string operation, long ruleId, ImmutableRule? rule)
    {
        var project = resolved.Project!;
        var id = ruleId.ToString(CultureInfo.InvariantCulture);
        var selects = rule is null ? string.Empty : $" (tags {Describe(rule.TagSelectors)}; repositories {Describe(rule.ScopeSelectors.GetValueOrDefault(ImmutableRule.RepositoryScope) ?? [])})";
        audit.Record(new AuditEvent(
            resolved.Caller.DisplayName, $"{project.Name}/immutabletagrules/{id}", AuditResourceType, operation, true, clock.GetUtcNow(), project.ProjectId,
            $"{operation} immutable rule {id} of project {project.Name}{selects}"));
    }

    private static string Describe(IReadOnlyList<ImmutableSelector> selectors) =>
        string.Join(", ", selectors.Select(s => $"{s.Decoration} {s.Pattern}"));
}
