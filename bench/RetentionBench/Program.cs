using System.Diagnostics;
using System.Globalization;
using ArtifactKeeper.Retention;

// Usage: dotnet run -c Release --project bench/RetentionBench [-- <tags per repository> <repositories>]
// Plans "keep the latest 10 tags matching v*, and everything pushed within 7 days" over synthetic repositories and
// prints key=value lines: the time to plan one repository of N tags, and all repositories one after another.
var tags = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var repositories = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
var now = DateTimeOffset.UtcNow;
var rules = new[]
{
    Compile(1, RetentionVocabulary.LatestPushedK, "10", "v*"),
    Compile(2, RetentionVocabulary.NDaysSinceLastPush, "7", "**"),
};

List<RetentionCandidate> Repository(int count, int seed)
{
    var random = new Random(seed);
    var candidates = new List<RetentionCandidate>(count);
    for (var i = 0; i < count; i++)
    {
        var tag = (i % 3 == 0 ? "dev-" : "v") + i.ToString(CultureInfo.InvariantCulture);
        var digest = "sha256:" + (i / 2).ToString("x64", CultureInfo.InvariantCulture);
        candidates.Add(new RetentionCandidate(tag, tag, digest, now.AddMinutes(-random.Next(0, 60 * 24 * 60)), null, []));
    }

    return candidates;
}

// Warm up the JIT so the figures are steady-state.
RetentionPlanner.Plan(Repository(1_000, 1), rules, now);

var one = Repository(tags, 42);
var watch = Stopwatch.StartNew();
var plan = RetentionPlanner.Plan(one, rules, now);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one_repository_tags={tags} plan_ms={watch.Elapsed.TotalMilliseconds:F1} deletions={plan.Deletions.Count}"));

var perRepository = 1_000;
var total = TimeSpan.Zero;
var deletions = 0L;
for (var r = 0; r < repositories; r++)
{
    var candidates = Repository(perRepository, r);
    watch.Restart();
    deletions += RetentionPlanner.Plan(candidates, rules, now).Deletions.Count;
    total += watch.Elapsed;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repositories={repositories} tags_each={perRepository} plan_total_ms={total.TotalMilliseconds:F1} deletions={deletions}"));
return 0;

static CompiledRetentionRule Compile(int id, string template, string parameter, string pattern)
{
    var rule = new RetentionRule(id, 0, false, RetentionVocabulary.RetainAction, template,
        new Dictionary<string, string> { [template] = parameter },
        [new RetentionSelector(RetentionVocabulary.Doublestar, RetentionVocabulary.Matches, pattern, "{\"untagged\":false}")], []);
    return CompiledRetentionRule.TryCompile(rule, out var compiled, out var error) ? compiled! : throw new InvalidOperationException(error);
}
