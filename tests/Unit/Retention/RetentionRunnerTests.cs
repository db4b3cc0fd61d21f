using ArtifactKeeper.Retention;
using Microsoft.Extensions.Logging.Abstractions;
using static ArtifactKeeper.Tests.Unit.Retention.RetentionTestData;

namespace ArtifactKeeper.Tests.Unit.Retention;

/// <summary>
/// <see cref="RetentionRunner"/> over a small in-memory format (what a generic-path adapter would look like): rule
/// validation and scope, dry run against real run, and deletions the repository refuses.
/// </summary>
public sealed class RetentionRunnerTests
{
    private const string Repository = "library/app";

    private sealed class InMemoryAdapter(IEnumerable<RetentionCandidate> candidates) : IRetentionAdapter
    {
        public List<RetentionCandidate> Candidates { get; } = [.. candidates];

        public HashSet<string> Immutable { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Refuse { get; } = new(StringComparer.Ordinal);

        public List<string> Deleted { get; } = [];

        public string Format => "memory";

        public IReadOnlySet<string> SupportedTemplates { get; init; } = RetentionVocabulary.Templates;

        public Task<IReadOnlyList<RetentionCandidate>> ListCandidatesAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RetentionCandidate>>([.. Candidates]);

        public Task<IReadOnlyDictionary<string, string>> FindProtectedAsync(IReadOnlyList<RetentionCandidate> candidates, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(candidates.Where(c => Immutable.Contains(c.Key)).ToDictionary(c => c.Key, c => "immutable " + c.Key));

        /// <summary>Batches handed over, by size.</summary>
        public List<int> Batches { get; } = [];

        public Task<IReadOnlyList<string?>> DeleteManyAsync(IReadOnlyList<RetentionDeletion> deletions, CancellationToken cancellationToken)
        {
            Batches.Add(deletions.Count);
            return Task.FromResult<IReadOnlyList<string?>>(deletions.Select(Delete).ToList());
        }

        private string? Delete(RetentionDeletion deletion)
        {
            var name = deletion.Tag ?? deletion.Digest;
            if (Refuse.Contains(name))
            {
                return "refused " + name;
            }

            Deleted.Add(name);
            Candidates.RemoveAll(c => deletion.Kind == RetentionDeletionKind.Tag ? c.Key == deletion.Tag : c.Digest == deletion.Digest);
            return null;
        }
    }

    private static TimeProvider Clock { get; } = new FixedClock();

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static Task<RetentionRepositoryResult> RunAsync(IRetentionAdapter adapter, bool dryRun, params RetentionRule[] rules) =>
        new RetentionRunner(adapter, Clock, NullLogger.Instance).RunAsync(Repository, new RetentionRepositoryRequest(3, rules, dryRun), CancellationToken.None);

    private static InMemoryAdapter Adapter() => new(
    [
        Tag("v1", "sha256:one", pushedMinutesAgo: 5), Tag("dev", "sha256:one", pushedMinutesAgo: 5),
        Tag("v2", "sha256:two", pushedMinutesAgo: 4), Tag("v3", "sha256:three", pushedMinutesAgo: 3), Tag("v4", "sha256:four", pushedMinutesAgo: 2),
        Untagged("sha256:sig") with { Anchors = [new RetentionAnchor("sha256:one", "accessory of")], Dependent = true },
    ]);

    [Fact]
    public async Task Dry_run_reports_exactly_what_the_real_run_then_does()
    {
        var adapter = Adapter();
        var rule = Rule(RetentionVocabulary.LatestPushedK, 2, Matches("v*"));

        var dry = await RunAsync(adapter, true, rule);
        Assert.Empty(adapter.Deleted);
        var real = await RunAsync(adapter, false, rule);

        Assert.Equal(dry, real with { Actions = dry.Actions });
        Assert.Equal(dry.Actions, real.Actions);
        Assert.Equal((6, 2), (real.Total, real.Retained));
        Assert.Equal(["sha256:one", "sha256:two", "sha256:sig"], adapter.Deleted);
        Assert.Equal(["v3", "v4"], adapter.Candidates.Select(c => c.Key));
    }

    [Fact]
    public async Task A_pass_carried_out_one_deletion_per_step_ends_as_the_whole_pass_in_one_call()
    {
        var rule = Rule(RetentionVocabulary.LatestPushedK, 2, Matches("v*"));
        var whole = Adapter();
        var expected = await RunAsync(whole, false, rule);
        var stepwise = Adapter();
        var runner = new RetentionRunner(stepwise, Clock, NullLogger.Instance);

        var pass = await runner.PlanAsync(Repository, new RetentionRepositoryRequest(3, [rule], false), CancellationToken.None);
        var remaining = new List<int> { pass.Remaining };
        while (!pass.IsComplete)
        {
            await runner.DeleteNextAsync(pass, 1, CancellationToken.None);
            remaining.Add(pass.Remaining);
        }

        Assert.Equal(expected, runner.Complete(pass) with { Actions = expected.Actions });
        Assert.Equal(expected.Actions, runner.Complete(pass).Actions);
        Assert.Equal([3, 2, 1, 0], remaining);
        Assert.Equal(whole.Deleted, stepwise.Deleted);
        Assert.Equal([2, 1], whole.Batches);
        Assert.Equal([1, 1, 1], stepwise.Batches);
    }

    [Fact]
    public async Task A_pass_stopped_between_steps_keeps_what_was_deleted_and_reports_the_rest_skipped()
    {
        var rule = Rule(RetentionVocabulary.LatestPushedK, 2, Matches("v*"));
        var adapter = Adapter();
        var runner = new RetentionRunner(adapter, Clock, NullLogger.Instance);
        var pass = await runner.PlanAsync(Repository, new RetentionRepositoryRequest(3, [rule], false), CancellationToken.None);
        await runner.DeleteNextAsync(pass, 1, CancellationToken.None);

        var result = runner.Stop(pass);

        // The first deletion of the plan happened; the two after it were not tried and are still there.
        Assert.True(pass.IsComplete);
        Assert.Equal(["sha256:one"], adapter.Deleted);
        Assert.Equal(["v2", "v3", "v4", "sig"], adapter.Candidates.Select(c => c.Tag ?? "sig"));
        Assert.Equal(2, result.Actions.Count(a => a.Digest == "sha256:one" && a.Kind is RetentionActionKind.ArtifactDeleted or RetentionActionKind.TagDeleted));
        foreach (var digest in new[] { "sha256:two", "sha256:sig" })
        {
            var action = result.Actions.Single(a => a.Digest == digest);
            Assert.Equal((RetentionActionKind.Skipped, "not deleted: execution 3 was stopped before this deletion"), (action.Kind, action.Reason));
        }

        Assert.Equal((6, 4), (result.Total, result.Retained));
        Assert.Equal([1], adapter.Batches);
    }

    [Fact]
    public async Task Protections_from_the_adapter_are_skipped_and_keep_their_dependents()
    {
        var adapter = Adapter();
        adapter.Immutable.Add("v1");

        var result = await RunAsync(adapter, false, Rule(RetentionVocabulary.LatestPushedK, 2, Matches("v*")));

        Assert.Equal(["dev", "sha256:two"], adapter.Deleted);
        var v1 = result.Actions.Single(a => a.Tag == "v1");
        Assert.Equal((RetentionActionKind.Skipped, "immutable v1"), (v1.Kind, v1.Reason));
        Assert.Equal(RetentionActionKind.Skipped, result.Actions.Single(a => a.Digest == "sha256:sig").Kind);
        Assert.Equal(4, result.Retained);
    }

    [Fact]
    public async Task A_refused_deletion_is_reported_skipped_and_its_dependents_stay()
    {
        var adapter = Adapter();
        adapter.Refuse.Add("sha256:one");

        var result = await RunAsync(adapter, false, Rule(RetentionVocabulary.LatestPushedK, 2, Matches("v*")));

        Assert.Equal(["sha256:two"], adapter.Deleted);
        Assert.All(result.Actions.Where(a => a.Digest is "sha256:one" or "sha256:sig"), a => Assert.Equal(RetentionActionKind.Skipped, a.Kind));
        Assert.Equal("deletion refused: refused sha256:one", result.Actions.Single(a => a.Tag == "v1").Reason);
        Assert.Contains("sha256:one it depends on could not be deleted", result.Actions.Single(a => a.Digest == "sha256:sig").Reason, StringComparison.Ordinal);
        Assert.Equal(5, result.Retained);
    }

    [Fact]
    public async Task Only_enabled_rules_whose_scope_matches_apply()
    {
        var adapter = Adapter();
        var elsewhere = Rule(RetentionVocabulary.Always, null) with { RepositorySelectors = [RepoMatches("other")] };
        var disabled = Rule(2, RetentionVocabulary.LatestPushedK, 0, Matches("**")) with { Disabled = true, Template = "bogus" };

        var result = await RunAsync(adapter, false, elsewhere, disabled);

        Assert.Empty(adapter.Deleted);
        Assert.All(result.Actions, a => Assert.Equal((RetentionActionKind.Skipped, "no enabled rule applies to this repository"), (a.Kind, a.Reason)));
        Assert.Equal(6, result.Retained);

        var scoped = await RunAsync(adapter, false, Rule(RetentionVocabulary.LatestPushedK, 1, Matches("v*")) with { RepositorySelectors = [RepoMatches("app")] });
        Assert.Equal(1, scoped.Retained);
        Assert.Equal(RetentionActionKind.ArtifactDeleted, scoped.Actions.Single(a => a.Digest == "sha256:sig").Kind);
    }

    [Fact]
    public async Task An_invalid_or_unsupported_rule_stops_the_pass_before_anything_is_deleted()
    {
        var adapter = new InMemoryAdapter(Adapter().Candidates) { SupportedTemplates = new HashSet<string> { RetentionVocabulary.Always } };
        var valid = Rule(RetentionVocabulary.Always, null, Matches("v1"));

        var invalid = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(adapter, false, valid, Rule(2, RetentionVocabulary.LatestPushedK, 1, Matches("v["))));
        var unsupported = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(adapter, false, valid, Rule(3, RetentionVocabulary.LatestPushedK, 1)));

        Assert.Contains("rule 2: invalid doublestar pattern 'v['", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("template latestPushedK is not supported for memory repositories", unsupported.Message, StringComparison.Ordinal);
        Assert.Empty(adapter.Deleted);
    }
}
