using ArtifactKeeper.Policy;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Tag immutability rules.</summary>
public sealed partial class SqliteMetadataStore
{
    private const string ImmutableRuleColumns = "id, priority, disabled, action, template, params, tag_selectors, scope_selectors";

    public Task<IReadOnlyList<ImmutableRule>> LoadImmutableRulesAsync(long projectId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ImmutableRule>>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection, transaction, $"SELECT {ImmutableRuleColumns} FROM immutable_tag_rules WHERE project_id = $project ORDER BY id;", ("$project", projectId));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var rules = new List<ImmutableRule>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    rules.Add(ImmutableRuleRows.Read(reader));
                }

                return rules;
            },
            cancellationToken);

    public Task<ImmutableRule?> TryCreateImmutableRuleAsync(long projectId, ImmutableRule rule, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return WriteAsync<ImmutableRule?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO immutable_tag_rules (project_id, priority, disabled, action, template, params, tag_selectors, scope_selectors, creation_time, update_time)
                    SELECT $project, $priority, $disabled, $action, $template, $params, $tags, $scopes, $at, $at
                    WHERE EXISTS (SELECT 1 FROM projects WHERE project_id = $project)
                    RETURNING {ImmutableRuleColumns};
                    """,
                    ImmutableRuleArguments(projectId, rule, at));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? ImmutableRuleRows.Read(reader) : null;
            },
            cancellationToken);
    }

    public Task<bool> UpdateImmutableRuleAsync(long projectId, ImmutableRule rule, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                """
                UPDATE immutable_tag_rules
                SET priority = $priority, disabled = $disabled, action = $action, template = $template, params = $params,
                    tag_selectors = $tags, scope_selectors = $scopes, update_time = $at
                WHERE project_id = $project AND id = $id;
                """,
                cancellationToken,
                [.. ImmutableRuleArguments(projectId, rule, at), ("$id", rule.Id)]) > 0,
            cancellationToken);
    }

    public Task<bool> DeleteImmutableRuleAsync(long projectId, long ruleId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM immutable_tag_rules WHERE project_id = $project AND id = $id;",
                cancellationToken,
                ("$project", projectId),
                ("$id", ruleId)) > 0,
            cancellationToken);

    private static (string, object?)[] ImmutableRuleArguments(long projectId, ImmutableRule rule, DateTimeOffset at) =>
    [
        ("$project", projectId),
        ("$priority", rule.Priority),
        ("$disabled", rule.Disabled ? 1 : 0),
        ("$action", rule.Action),
        ("$template", rule.Template),
        ("$params", rule.ParamsJson),
        ("$tags", ImmutableRuleJson.TagSelectors(rule)),
        ("$scopes", ImmutableRuleJson.ScopeSelectors(rule)),
        ("$at", ToUnixMs(at)),
    ];
}
