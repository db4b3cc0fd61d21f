using ArtifactKeeper.Policy;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;
using NpgsqlTypes;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Tag immutability rules.</summary>
public sealed partial class PostgresMetadataStore
{
    private const string ImmutableRuleColumns = "id, priority, disabled, action, template, params, tag_selectors::text, scope_selectors::text";

    public async Task<IReadOnlyList<ImmutableRule>> LoadImmutableRulesAsync(long projectId, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"SELECT {ImmutableRuleColumns} FROM immutable_tag_rules WHERE project_id = @project ORDER BY id;",
            ImmutableRuleRows.Read,
            cancellationToken,
            P("project", projectId));

    public async Task<ImmutableRule?> TryCreateImmutableRuleAsync(long projectId, ImmutableRule rule, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var rows = await QueryAsync(
            $"""
            INSERT INTO immutable_tag_rules (project_id, priority, disabled, action, template, params, tag_selectors, scope_selectors, creation_time, update_time)
            SELECT @project, @priority, @disabled, @action, @template, @params, @tags, @scopes, @at, @at
            WHERE EXISTS (SELECT 1 FROM projects WHERE project_id = @project)
            RETURNING {ImmutableRuleColumns};
            """,
            ImmutableRuleRows.Read,
            cancellationToken,
            ImmutableRuleParameters(projectId, rule, at));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<bool> UpdateImmutableRuleAsync(long projectId, ImmutableRule rule, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return await ExecuteAsync(
            """
            UPDATE immutable_tag_rules
            SET priority = @priority, disabled = @disabled, action = @action, template = @template, params = @params,
                tag_selectors = @tags, scope_selectors = @scopes, update_time = @at
            WHERE project_id = @project AND id = @id;
            """,
            cancellationToken,
            [.. ImmutableRuleParameters(projectId, rule, at), P("id", rule.Id)]) > 0;
    }

    public async Task<bool> DeleteImmutableRuleAsync(long projectId, long ruleId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "DELETE FROM immutable_tag_rules WHERE project_id = @project AND id = @id;", cancellationToken, P("project", projectId), P("id", ruleId)) > 0;

    private static NpgsqlParameter[] ImmutableRuleParameters(long projectId, ImmutableRule rule, DateTimeOffset at) =>
    [
        P("project", projectId),
        P("priority", rule.Priority),
        P("disabled", rule.Disabled),
        P("action", rule.Action),
        P("template", rule.Template),
        P("params", rule.ParamsJson),
        new NpgsqlParameter<string>("tags", NpgsqlDbType.Jsonb) { TypedValue = ImmutableRuleJson.TagSelectors(rule) },
        new NpgsqlParameter<string>("scopes", NpgsqlDbType.Jsonb) { TypedValue = ImmutableRuleJson.ScopeSelectors(rule) },
        P("at", ToUnixMs(at)),
    ];
}
