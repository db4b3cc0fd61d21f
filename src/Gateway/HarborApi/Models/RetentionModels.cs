using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's RetentionPolicy as a request body (POST and PUT); every field is optional here and checked later.</summary>
public sealed class RetentionPolicyReq
{
    [JsonPropertyName("id")]
    public long? Id { get; set; }

    [JsonPropertyName("algorithm")]
    public string? Algorithm { get; set; }

    [JsonPropertyName("rules")]
    public List<RetentionRuleReq?>? Rules { get; set; }

    [JsonPropertyName("trigger")]
    public RetentionTriggerReq? Trigger { get; set; }

    [JsonPropertyName("scope")]
    public RetentionScopeModel? Scope { get; set; }
}

/// <summary>Harbor's RetentionRule as sent: <c>params</c> values are JSON numbers (or digit strings).</summary>
public sealed class RetentionRuleReq
{
    [JsonPropertyName("id")]
    public int? Id { get; set; }

    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    [JsonPropertyName("disabled")]
    public bool? Disabled { get; set; }

    [JsonPropertyName("action")]
    public string? Action { get; set; }

    [JsonPropertyName("template")]
    public string? Template { get; set; }

    [JsonPropertyName("params")]
    public Dictionary<string, JsonElement>? Params { get; set; }

    [JsonPropertyName("tag_selectors")]
    public List<RetentionSelectorModel?>? TagSelectors { get; set; }

    [JsonPropertyName("scope_selectors")]
    public Dictionary<string, List<RetentionSelectorModel?>?>? ScopeSelectors { get; set; }
}

/// <summary>Harbor's RetentionRuleTrigger as sent: <c>settings.cron</c> is the only setting read.</summary>
public sealed class RetentionTriggerReq
{
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("settings")]
    public Dictionary<string, JsonElement>? Settings { get; set; }

    [JsonPropertyName("references")]
    public JsonElement? References { get; set; }
}

/// <summary>Harbor's RetentionSelector, in and out.</summary>
public sealed record RetentionSelectorModel(
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("decoration")] string? Decoration,
    [property: JsonPropertyName("pattern")] string? Pattern,
    [property: JsonPropertyName("extras")] string? Extras);

/// <summary>Harbor's RetentionPolicyScope, in and out.</summary>
public sealed record RetentionScopeModel(
    [property: JsonPropertyName("level")] string? Level,
    [property: JsonPropertyName("ref")] long? Ref);

/// <summary>Harbor's RetentionPolicy as returned by <c>GET /retentions/{id}</c>.</summary>
public sealed record RetentionPolicyModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("rules")] IReadOnlyList<RetentionRuleModel> Rules,
    [property: JsonPropertyName("trigger")] RetentionTriggerModel Trigger,
    [property: JsonPropertyName("scope")] RetentionScopeModel Scope);

/// <summary>Harbor's RetentionRule as returned: integer parameters as JSON numbers.</summary>
public sealed record RetentionRuleModel(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("disabled")] bool Disabled,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("template")] string Template,
    [property: JsonPropertyName("params")] IReadOnlyDictionary<string, object> Params,
    [property: JsonPropertyName("tag_selectors")] IReadOnlyList<RetentionSelectorModel> TagSelectors,
    [property: JsonPropertyName("scope_selectors")] IReadOnlyDictionary<string, IReadOnlyList<RetentionSelectorModel>> ScopeSelectors);

/// <summary>Harbor's RetentionRuleTrigger as returned.</summary>
public sealed record RetentionTriggerModel(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("settings")] IReadOnlyDictionary<string, string> Settings,
    [property: JsonPropertyName("references")] IReadOnlyDictionary<string, string> References);

/// <summary>Harbor's RetentionExecution; <c>end_time</c> is Go's zero time while it runs, as Harbor writes it.</summary>
public sealed record RetentionExecutionModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("policy_id")] long PolicyId,
    [property: JsonPropertyName("start_time")] DateTime StartTime,
    [property: JsonPropertyName("end_time")] DateTime EndTime,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("dry_run")] bool DryRun);

/// <summary>Harbor's RetentionExecutionTask.</summary>
public sealed record RetentionExecutionTaskModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("execution_id")] long ExecutionId,
    [property: JsonPropertyName("repository")] string Repository,
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("status_revision")] long StatusRevision,
    [property: JsonPropertyName("start_time")] DateTime StartTime,
    [property: JsonPropertyName("end_time")] DateTime EndTime,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("retained")] int Retained);

/// <summary>Harbor's RetentionMetadata: the templates and selector kinds a policy may use.</summary>
public sealed record RetentionMetadataModel(
    [property: JsonPropertyName("templates")] IReadOnlyList<RetentionRuleMetadataModel> Templates,
    [property: JsonPropertyName("scope_selectors")] IReadOnlyList<RetentionSelectorMetadataModel> ScopeSelectors,
    [property: JsonPropertyName("tag_selectors")] IReadOnlyList<RetentionSelectorMetadataModel> TagSelectors);

/// <summary>Harbor's RetentionRuleMetadata.</summary>
public sealed record RetentionRuleMetadataModel(
    [property: JsonPropertyName("rule_template")] string RuleTemplate,
    [property: JsonPropertyName("display_text")] string DisplayText,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("params")] IReadOnlyList<RetentionRuleParamMetadataModel> Params);

/// <summary>Harbor's RetentionRuleParamMetadata.</summary>
public sealed record RetentionRuleParamMetadataModel(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("required")] bool Required);

/// <summary>Harbor's RetentionSelectorMetadata.</summary>
public sealed record RetentionSelectorMetadataModel(
    [property: JsonPropertyName("display_text")] string DisplayText,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("decorations")] IReadOnlyList<string> Decorations);

/// <summary>The body of <c>POST /retentions/{id}/executions</c>.</summary>
public sealed class RetentionExecutionReq
{
    [JsonPropertyName("dry_run")]
    public bool? DryRun { get; set; }
}

/// <summary>The body of <c>PATCH /retentions/{id}/executions/{eid}</c>.</summary>
public sealed class RetentionExecutionActionReq
{
    [JsonPropertyName("action")]
    public string? Action { get; set; }
}
