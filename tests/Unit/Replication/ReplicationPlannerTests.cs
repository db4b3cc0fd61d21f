using System.Runtime.CompilerServices;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;

namespace ArtifactKeeper.Tests.Unit.Replication;

/// <summary>What a policy plans: filtered artifacts, named on the destination, handed on in batches; and event items.</summary>
public sealed class ReplicationPlannerTests
{
    private static string Digest(int n) => "sha256:" + n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A source given as data, so the planner's choices are checked apart from any store.</summary>
    private sealed class ListedSource(Dictionary<string, ReplicationCandidate[]> repositories) : IReplicationSource
    {
        public bool HasLabels => true;

        public async IAsyncEnumerable<string> ListRepositoriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var name in repositories.Keys)
            {
                await Task.Yield();
                yield return name;
            }
        }

        public async IAsyncEnumerable<ReplicationCandidate> ListCandidatesAsync(string repository, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var candidate in repositories[repository])
            {
                await Task.Yield();
                yield return candidate;
            }
        }
    }

    private static async Task<List<IReadOnlyList<ReplicationItem>>> PlanAsync(ReplicationPolicy policy, IReplicationSource source)
    {
        var batches = new List<IReadOnlyList<ReplicationItem>>();
        var count = await ReplicationPlanner.PlanAsync(policy, source, items => { batches.Add(items); return Task.CompletedTask; }, TestContext.Current.CancellationToken);
        Assert.Equal(count, batches.Sum(b => b.Count));
        return batches;
    }

    [Fact]
    public async Task PlanAsync_hands_on_the_selected_artifacts_with_their_kept_tags_and_destination_names()
    {
        var source = new ListedSource(new()
        {
            ["library/nginx"] = [new(Digest(1), ["1.25", "latest"], [], true), new(Digest(2), [], [], true), new(Digest(3), ["dev"], [], true)],
            ["library/team/app"] = [new(Digest(4), ["1.0"], [], false)],
            ["other/redis"] = [new(Digest(5), ["7"], [], true)],
        });
        var policy = ReplicationPolicyValidatorTests.Push() with
        {
            DestNamespace = "mirror",
            DestNamespaceReplaceCount = 1,
            Filters = [ReplicationFilter.Name("library/**"), ReplicationFilter.Tag("{1*,latest}")],
        };

        var items = (await PlanAsync(policy, source)).SelectMany(b => b).ToList();

        Assert.Equal(
            [
                new ReplicationItem(ReplicationOperation.Copy, "image", "library/nginx", Digest(1), ["1.25", "latest"], "mirror/nginx"),
                new ReplicationItem(ReplicationOperation.Copy, "artifact", "library/team/app", Digest(4), ["1.0"], "mirror/team/app"),
            ],
            items,
            ItemComparer.Instance);
    }

    [Fact]
    public async Task PlanAsync_hands_on_batches_of_at_most_BatchSize()
    {
        var many = Enumerable.Range(1, ReplicationPlanner.BatchSize * 2 + 5).Select(n => new ReplicationCandidate(Digest(n), ["t" + n], [], true)).ToArray();

        var batches = await PlanAsync(ReplicationPolicyValidatorTests.Push(), new ListedSource(new() { ["p/r"] = many }));

        Assert.Equal([ReplicationPlanner.BatchSize, ReplicationPlanner.BatchSize, 5], batches.Select(b => b.Count));
    }

    [Fact]
    public async Task PlanAsync_fails_on_a_repository_the_naming_rules_cannot_map()
    {
        var policy = ReplicationPolicyValidatorTests.Push() with { DestNamespace = "n", DestNamespaceReplaceCount = 2 };

        var error = await Assert.ThrowsAsync<ReplicationPlanningException>(
            () => PlanAsync(policy, new ListedSource(new() { ["library/nginx"] = [new(Digest(1), ["1"], [], true)] })));

        Assert.Contains("library/nginx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForEvent_copies_a_pushed_artifact_with_the_pushed_tag_when_the_filters_select_it()
    {
        var policy = ReplicationPolicyValidatorTests.Push() with { DestNamespace = "dr", Filters = [ReplicationFilter.Name("library/**"), ReplicationFilter.Tag("v*")] };

        var item = ReplicationPlanner.ForEvent(policy, new ReplicationArtifactEvent(ReplicationEventKind.Pushed, "library/app", Digest(1), ["v2"]), [], true);

        Assert.Equal(new ReplicationItem(ReplicationOperation.Copy, "image", "library/app", Digest(1), ["v2"], "dr/app"), item, ItemComparer.Instance);
        Assert.Null(ReplicationPlanner.ForEvent(policy, new ReplicationArtifactEvent(ReplicationEventKind.Pushed, "library/app", Digest(1), ["latest"]), [], true));
        Assert.Null(ReplicationPlanner.ForEvent(policy, new ReplicationArtifactEvent(ReplicationEventKind.Pushed, "other/app", Digest(1), ["v2"]), [], true));
    }

    [Fact]
    public void ForEvent_replicates_deletions_only_when_the_policy_says_so()
    {
        var policy = ReplicationPolicyValidatorTests.Push() with { Filters = [ReplicationFilter.Label(["prod"])] };
        var deleted = new ReplicationArtifactEvent(ReplicationEventKind.ArtifactDeleted, "library/app", Digest(1), ["v1", "v2"]);
        var untagged = new ReplicationArtifactEvent(ReplicationEventKind.TagDeleted, "library/app", Digest(1), ["v1"]);

        Assert.Null(ReplicationPlanner.ForEvent(policy, deleted, [], true));
        var withDeletion = policy with { ReplicateDeletion = true };

        // The artifact goes with its tags (no tags on the item); a tag's deletion removes only that tag. Labels are gone with a deleted artifact.
        Assert.Equal(
            new ReplicationItem(ReplicationOperation.Delete, "image", "library/app", Digest(1), [], "library/app"),
            ReplicationPlanner.ForEvent(withDeletion, deleted, [], true),
            ItemComparer.Instance);
        Assert.Equal(
            new ReplicationItem(ReplicationOperation.Delete, "image", "library/app", Digest(1), ["v1"], "library/app"),
            ReplicationPlanner.ForEvent(withDeletion, untagged, [], true),
            ItemComparer.Instance);
    }

    [Fact]
    public void ForEvent_applies_label_filters_to_pushes()
    {
        var policy = ReplicationPolicyValidatorTests.Push() with { Filters = [ReplicationFilter.Label(["prod"])] };
        var pushed = new ReplicationArtifactEvent(ReplicationEventKind.Pushed, "library/app", Digest(1), ["v1"]);

        Assert.Null(ReplicationPlanner.ForEvent(policy, pushed, [], true));
        Assert.NotNull(ReplicationPlanner.ForEvent(policy, pushed, ["prod"], true));
    }

    /// <summary>Items compare by value, their tag lists included.</summary>
    private sealed class ItemComparer : IEqualityComparer<ReplicationItem?>
    {
        public static readonly ItemComparer Instance = new();

        public bool Equals(ReplicationItem? x, ReplicationItem? y) =>
            x is null || y is null
                ? x is null && y is null
                : x with { Tags = Array.Empty<string>() } == y with { Tags = Array.Empty<string>() } && x.Tags.SequenceEqual(y.Tags);

        public int GetHashCode(ReplicationItem? obj) => obj?.Digest.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
