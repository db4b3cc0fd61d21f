namespace ArtifactKeeper.Tests.Unit.Deploy;

/// <summary>Collects every inconsistency a check finds, so one run names them all instead of stopping at the first.</summary>
internal sealed class ManifestProblems
{
    private readonly List<string> _problems = [];

    public void Add(string problem) => _problems.Add(problem);

    public void AssertNone(string check)
    {
        if (_problems.Count > 0)
        {
            Assert.Fail($"{check} ({_problems.Count} problem(s) in deploy/k8s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", _problems));
        }
    }

    public static string Describe(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? "{}" : "{" + string.Join(", ", labels.Select(kv => $"{kv.Key}={kv.Value}")) + "}";
}
