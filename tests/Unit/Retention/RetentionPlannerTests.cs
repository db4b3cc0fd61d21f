using System.Globalization;
using ArtifactKeeper.Retention;
using static ArtifactKeeper.Tests.Unit.Retention.RetentionTestData;

namespace ArtifactKeeper.Tests.Unit.Retention;

public sealed class RetentionPlannerTests
{
    private static string V(int i) => "v" + i.ToString("D3", CultureInfo.InvariantCulture);

    [Fact]
    public void Keep_latest_10_matching_v_star_of_100_tags_deletes_exactly_the_90_oldest()
    {
        // Pushed in order v000 (oldest) .. v099 (newest), handed over shuffled.
        var candidates = Enumerable.Range(0, 100).Select(i => Tag(V(i), pushedMinutesAgo: 100 - i)).OrderBy(c => c.Digest.GetHashCode(StringComparison.Ordinal)).ToList();

        var plan = Plan(candidates, Rule(RetentionVocabulary.LatestPushedK, 10, Matches("v*")));

        Assert.Equal(Enumerable.Range(90, 10).Select(V), KeysOf(plan, RetentionActionKind.Retained));
        Assert.Equal(Enumerable.Range(0, 90).Select(V), KeysOf(plan, RetentionActionKind.ArtifactDeleted));
        Assert.Equal(90, plan.Deletions.Count);
        Assert.All(plan.Deletions, d => Assert.Equal(RetentionDeletionKind.Artifact, d.Kind));
        Assert.Equal(candidates.Select(c => c.Key), plan.Decisions.Select(d => d.Candidate.Key));
        Assert.Equal("retained by rule 1 (latestPushedK 10; tags doublestar matches v*)", Decision(plan, V(99)).Reason);
    }

    [Fact]
    public void Tags_outside_every_selector_are_deleted_as_in_Harbor()
    {
        var candidates = Enumerable.Range(0, 20).Select(i => Tag(V(i), pushedMinutesAgo: 100 - i))
            .Concat(Enumerable.Range(0, 5).Select(i => Tag("dev-" + i, pushedMinutesAgo: i)))
            .ToList();

        var plan = Plan(candidates, Rule(RetentionVocabulary.LatestPushedK, 10, Matches("v*")));

        Assert.Equal(Enumerable.Range(10, 10).Select(V), KeysOf(plan, RetentionActionKind.Retained));
        Assert.Equal(15, KeysOf(plan, RetentionActionKind.ArtifactDeleted).Count);
        Assert.Contains("dev-0", KeysOf(plan, RetentionActionKind.ArtifactDeleted));
    }

    [Fact]
    public void Or_keeps_a_candidate_any_rule_retains_naming_the_first_rule()
    {
        var candidates = new[]
        {
            Tag("v1", pushedMinutesAgo: 3), Tag("v2", pushedMinutesAgo: 2), Tag("v3", pushedMinutesAgo: 1),
            Tag("stable", pushedMinutesAgo: 90 * 24 * 60), Tag("tmp", pushedMinutesAgo: 90 * 24 * 60),
        };

        var plan = Plan(
            candidates,
            Rule(1, RetentionVocabulary.LatestPushedK, 1, Matches("v*")),
            Rule(2, RetentionVocabulary.NDaysSinceLastPush, 30, Matches("**")),
            Rule(3, RetentionVocabulary.Always, null, Matches("stable")));

        Assert.Equal(["stable", "v1", "v2", "v3"], KeysOf(plan, RetentionActionKind.Retained));
        Assert.StartsWith("retained by rule 1 ", Decision(plan, "v3").Reason, StringComparison.Ordinal);
        Assert.StartsWith("retained by rule 2 ", Decision(plan, "v1").Reason, StringComparison.Ordinal);
        Assert.StartsWith("retained by rule 3 ", Decision(plan, "stable").Reason, StringComparison.Ordinal);
        Assert.Equal(["tmp"], KeysOf(plan, RetentionActionKind.ArtifactDeleted));
    }

    [Fact]
    public void Deletion_is_per_tag_an_artifact_goes_only_when_none_of_its_tags_is_kept()
    {
        var candidates = new[]
        {
            Tag("v1", "sha256:one"), Tag("dev-1", "sha256:one"), Tag("latest", "sha256:one"),
            Tag("dev-2", "sha256:two"), Tag("tmp-2", "sha256:two"),
        };

        var plan = Plan(candidates, Rule(RetentionVocabulary.Always, null, Matches("v*")));

        Assert.Equal(["v1"], KeysOf(plan, RetentionActionKind.Retained));
        Assert.Equal(["dev-1", "latest"], KeysOf(plan, RetentionActionKind.TagDeleted));
        Assert.Equal(["dev-2", "tmp-2"], KeysOf(plan, RetentionActionKind.ArtifactDeleted));
        Assert.Equal(
            [(RetentionDeletionKind.Tag, "sha256:one", "dev-1"), (RetentionDeletionKind.Tag, "sha256:one", "latest"), (RetentionDeletionKind.Artifact, "sha256:two", null)],
            plan.Deletions.Select(d => (d.Kind, d.Digest, d.Tag)));
        Assert.Equal(["dev-2", "tmp-2"], plan.Deletions[2].Keys);
    }

    [Fact]
    public void Protected_candidates_are_skipped_with_the_reason_and_keep_their_artifact()
    {
        var candidates = new[]
        {
            Tag("v1", "sha256:one", pushedMinutesAgo: 9) with { Protections = ["immutable tag: immutable rule 4"] },
            Tag("old", "sha256:one", pushedMinutesAgo: 9),
            Tag("v2", "sha256:two", pushedMinutesAgo: 1),
        };

        var plan = Plan(candidates, Rule(RetentionVocabulary.LatestPushedK, 1, Matches("**")));

        Assert.Equal((RetentionActionKind.Skipped, "immutable tag: immutable rule 4"), (Decision(plan, "v1").Kind, Decision(plan, "v1").Reason));
        Assert.Equal(RetentionActionKind.TagDeleted, Decision(plan, "old").Kind);
        Assert.Equal(RetentionActionKind.Retained, Decision(plan, "v2").Kind);
    }

    [Fact]
    public void Untagged_artifacts_are_deleted_only_when_a_rule_selects_them()
    {
        var candidates = new[] { Tag("v1", pushedMinutesAgo: 1), Untagged("sha256:u1", pushedMinutesAgo: 5), Untagged("sha256:u2", pushedMinutesAgo: 0) };

        var notSelected = Plan(candidates, Rule(RetentionVocabulary.LatestPushedK, 1, Matches("**", untagged: false)));
        var selected = Plan(candidates, Rule(RetentionVocabulary.LatestPushedK, 2, Matches("**", untagged: true)));

        Assert.Equal(["sha256:u1", "sha256:u2"], KeysOf(notSelected, RetentionActionKind.Skipped));
        Assert.Equal("untagged artifact that no rule selects", Decision(notSelected, "sha256:u1").Reason);
        Assert.Equal(["sha256:u2", "v1"], KeysOf(selected, RetentionActionKind.Retained));
        Assert.Equal(["sha256:u1"], KeysOf(selected, RetentionActionKind.ArtifactDeleted));
        Assert.Equal("no rule retains the untagged artifact", Decision(selected, "sha256:u1").Reason);
    }

    [Fact]
    public void Accessories_and_index_children_live_with_their_anchor()
    {
        var signatureOfKept = Untagged("sha256:sig-kept") with { Anchors = [new RetentionAnchor("sha256:kept", "accessory of")], Dependent = true };
        var signatureOfGone = Untagged("sha256:sig-gone") with { Anchors = [new RetentionAnchor("sha256:gone", "accessory of")], Dependent = true };
        var cosignTag = Tag("sha256-kept.sig", "sha256:cosign") with { Anchors = [new RetentionAnchor("sha256:kept", "signature of")] };
        var child = Untagged("sha256:child") with { Anchors = [new RetentionAnchor("sha256:index", "child of index")], Dependent = true };
        var grandchildSignature = Untagged("sha256:child-sig") with { Anchors = [new RetentionAnchor("sha256:child", "accessory of")], Dependent = true };
        var candidates = new[]
        {
            grandchildSignature, signatureOfKept, Tag("v2", "sha256:kept", pushedMinutesAgo: 1), Tag("v1", "sha256:gone", pushedMinutesAgo: 5),
            signatureOfGone, cosignTag, child, Tag("multi", "sha256:index", pushedMinutesAgo: 3),
        };

        var plan = Plan(candidates, Rule(RetentionVocabulary.Always, null, Matches("v2"), Matches("{v2,multi}")), Rule(2, RetentionVocabulary.Always, null, Matches("multi")));

        Assert.Equal(["multi", "v2"], KeysOf(plan, RetentionActionKind.Retained));
        Assert.Equal(["sha256-kept.sig", "sha256:child", "sha256:child-sig", "sha256:sig-kept"], KeysOf(plan, RetentionActionKind.Skipped));
        Assert.Equal("accessory of sha256:kept, which is kept", Decision(plan, "sha256:sig-kept").Reason);
        Assert.Equal("signature of sha256:kept, which is kept", Decision(plan, "sha256-kept.sig").Reason);
        Assert.Equal(["sha256:sig-gone", "v1"], KeysOf(plan, RetentionActionKind.ArtifactDeleted));
        Assert.Equal("accessory of sha256:gone, which is deleted", Decision(plan, "sha256:sig-gone").Reason);
        Assert.Equal(["sha256:gone", "sha256:sig-gone"], plan.Deletions.Select(d => d.Digest));
        Assert.Equal(["sha256:gone"], plan.Deletions[1].Anchors);
    }

    [Fact]
    public void Deleted_artifacts_are_ordered_after_the_deleted_artifacts_they_depend_on()
    {
        var candidates = new[]
        {
            Untagged("sha256:c-sig") with { Anchors = [new RetentionAnchor("sha256:c", "accessory of")], Dependent = true },
            Untagged("sha256:c") with { Anchors = [new RetentionAnchor("sha256:i", "child of index")], Dependent = true },
            Tag("old", "sha256:i"),
            Tag("keep", "sha256:k"),
        };

        var plan = Plan(candidates, Rule(RetentionVocabulary.Always, null, Matches("keep")));

        Assert.Equal(["sha256:i", "sha256:c", "sha256:c-sig"], plan.Deletions.Select(d => d.Digest));
    }

    [Fact]
    public void An_anchor_cycle_neither_loops_nor_keeps_anything_by_itself()
    {
        var candidates = new[]
        {
            Untagged("sha256:a") with { Anchors = [new RetentionAnchor("sha256:b", "accessory of")], Dependent = true },
            Untagged("sha256:b") with { Anchors = [new RetentionAnchor("sha256:a", "accessory of")], Dependent = true },
            Tag("keep"),
        };

        var plan = Plan(candidates, Rule(RetentionVocabulary.Always, null, Matches("keep")));

        Assert.Equal(["sha256:a", "sha256:b"], KeysOf(plan, RetentionActionKind.ArtifactDeleted));
        Assert.Equal(2, plan.Deletions.Count);
    }

    [Fact]
    public void Without_rules_nothing_is_deleted()
    {
        var plan = RetentionPlanner.Plan([Tag("v1"), Untagged("sha256:u")], [], Now);

        Assert.Empty(plan.Deletions);
        Assert.All(plan.Decisions, d => Assert.Equal((RetentionActionKind.Skipped, "no enabled rule applies to this repository"), (d.Kind, d.Reason)));
    }

    [Fact]
    public void A_rule_retaining_nothing_deletes_everything_it_does_not_protect()
    {
        var plan = Plan([Tag("a"), Tag("b")], Rule(RetentionVocabulary.LatestPushedK, 0, Matches("**")));

        Assert.Equal(["a", "b"], KeysOf(plan, RetentionActionKind.ArtifactDeleted));
    }

    [Fact]
    public void Label_rules_keep_what_carries_the_label()
    {
        var plan = Plan(
            [Tag("a", labels: ["release"]), Tag("b"), Tag("c", labels: ["release", "eu"])],
            Rule(RetentionVocabulary.Always, null, new RetentionSelector(RetentionVocabulary.Label, RetentionVocabulary.WithLabels, "release", null)));

        Assert.Equal(["a", "c"], KeysOf(plan, RetentionActionKind.Retained));
        Assert.Equal(["b"], KeysOf(plan, RetentionActionKind.ArtifactDeleted));
    }

    [Fact]
    public void Planning_ten_thousand_candidates_gives_the_expected_split()
    {
        var candidates = Enumerable.Range(0, 10_000).Select(i => Tag("t" + i.ToString("D5", CultureInfo.InvariantCulture), pushedMinutesAgo: 10_000 - i)).ToList();

        // Rule 1 keeps t09900..t09999; rule 2 keeps t08* pushed within a day (1,440 minutes): t08560..t08999.
        var plan = Plan(candidates, Rule(RetentionVocabulary.LatestPushedK, 100, Matches("t*")), Rule(2, RetentionVocabulary.NDaysSinceLastPush, 1, Matches("t08*")));

        var retained = KeysOf(plan, RetentionActionKind.Retained);
        Assert.Equal(540, retained.Count);
        Assert.Equal("t08560", retained[0]);
        Assert.Contains("t09900", retained);
        Assert.DoesNotContain("t09899", retained);
        Assert.Equal(9_460, plan.Deletions.Count);
        Assert.Equal(10_000, plan.Decisions.Count);
    }
}
