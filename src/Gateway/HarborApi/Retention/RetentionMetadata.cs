using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Retention;

namespace ArtifactKeeper.HarborApi.Retention;

/// <summary>
/// Harbor's <c>GET /retentions/metadatas</c> payload: the rule templates with their parameter, and the doublestar
/// selectors Harbor's portal offers. Label selectors are accepted in policies too, as an extension Harbor's portal
/// does not show, so they are not listed here.
/// </summary>
public static class RetentionMetadata
{
    public static RetentionMetadataModel Model { get; } = new(
        [
            .. RetentionTemplateCatalog.Templates.Select(t => new RetentionRuleMetadataModel(
                t.Id, t.DisplayText, RetentionVocabulary.RetainAction,
                t.Parameter is { } p ? [new RetentionRuleParamMetadataModel(p.Type, p.Unit, true)] : [])),
        ],
        [new RetentionSelectorMetadataModel("Repositories", RetentionVocabulary.Doublestar, [RetentionVocabulary.RepoMatches, RetentionVocabulary.RepoExcludes])],
        [new RetentionSelectorMetadataModel("Tags", RetentionVocabulary.Doublestar, [RetentionVocabulary.Matches, RetentionVocabulary.Excludes])]);
}
