namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>The rules of each endpoint type this build speaks.</summary>
public static class RegistryTypes
{
    private static readonly Dictionary<string, RegistryTypeRules> Rules = new RegistryTypeRules[]
    {
        new HarborRules(RegistryEndpointTypes.ArtifactKeeper),
        new HarborRules(RegistryEndpointTypes.Harbor),
        new DockerRegistryRules(),
        new DockerHubRules(),
        new GithubGhcrRules(),
        new AwsEcrRules(),
        new GoogleGcrRules(),
        new AzureAcrRules(),
        new QuayRules(),
    }.ToDictionary(r => r.Type, StringComparer.Ordinal);

    /// <summary>The rules of <paramref name="type"/>, or null for a type this build does not know.</summary>
    public static RegistryTypeRules? Find(string type) => Rules.GetValueOrDefault(type ?? string.Empty);
}
