using ArtifactKeeper.Retention;
using static ArtifactKeeper.Tests.Unit.Retention.RetentionTestData;

namespace ArtifactKeeper.Tests.Unit.Retention;

/// <summary>
/// The format categories issue 7 names for later adapters, expressed as <see cref="RetentionCandidate"/>s the way
/// <see cref="IRetentionAdapter"/>'s documentation maps them, and planned by the real engine: the contract carries what
/// each needs (protections, groups, labels, paths) without format-specific code in the planner.
/// </summary>
public sealed class RetentionFormatShapesTests
{
    [Fact]
    public void Npm_a_version_a_dist_tag_points_at_is_never_deleted_and_the_skip_names_the_dist_tag()
    {
        // Versions are candidates; dist-tags are not, they protect the version they point at.
        var plan = Plan(
            [
                Tag("1.0.0", pushedMinutesAgo: 50) with { Protections = ["dist-tag latest points at it"] },
                Tag("1.1.0", pushedMinutesAgo: 40),
                Tag("2.0.0-beta.1", pushedMinutesAgo: 30) with { Protections = ["dist-tag next points at it"] },
                Tag("2.0.0", pushedMinutesAgo: 20),
                Tag("2.0.1", pushedMinutesAgo: 10),
            ],
            Rule(RetentionVocabulary.LatestPushedK, 1, Matches("**")));

        Assert.Equal(["2.0.1"], KeysOf(plan, RetentionActionKind.Retained));
        Assert.Equal(["1.0.0", "2.0.0-beta.1"], KeysOf(plan, RetentionActionKind.Skipped));
        Assert.Equal("dist-tag latest points at it", Decision(plan, "1.0.0").Reason);
        Assert.Equal(["1.1.0", "2.0.0"], KeysOf(plan, RetentionActionKind.ArtifactDeleted));
    }

    [Fact]
    public void Maven_snapshot_builds_keep_the_latest_n_per_snapshot_version()
    {
        var plan = Plan(
            [
                Tag("1.2-20260101.100000-1", pushedMinutesAgo: 90, group: "1.2-SNAPSHOT"),
                Tag("1.2-20260101.110000-2", pushedMinutesAgo: 80, group: "1.2-SNAPSHOT"),
                Tag("1.2-20260101.120000-3", pushedMinutesAgo: 70, group: "1.2-SNAPSHOT"),
                Tag("1.3-20260101.100000-1", pushedMinutesAgo: 60, group: "1.3-SNAPSHOT"),
                Tag("1.3-20260101.110000-2", pushedMinutesAgo: 50, group: "1.3-SNAPSHOT"),
                Tag("1.3-20260101.120000-3", pushedMinutesAgo: 40, group: "1.3-SNAPSHOT"),
            ],
            Rule(RetentionVocabulary.LatestPushedK, 2, Matches("**")));

        Assert.Equal(
            ["1.2-20260101.110000-2", "1.2-20260101.120000-3", "1.3-20260101.110000-2", "1.3-20260101.120000-3"],
            KeysOf(plan, RetentionActionKind.Retained));
        Assert.Equal(["1.2-20260101.100000-1", "1.3-20260101.100000-1"], KeysOf(plan, RetentionActionKind.ArtifactDeleted));
    }

    [Fact]
    public void Prereleases_carry_a_label_so_releases_stay_and_only_the_latest_prerelease_is_kept()
    {
        var prerelease = new RetentionSelector(RetentionVocabulary.Label, RetentionVocabulary.WithLabels, "prerelease", null);
        var release = new RetentionSelector(RetentionVocabulary.Label, RetentionVocabulary.WithoutLabels, "prerelease", null);

        var plan = Plan(
            [
                Tag("3.0.0-rc.1", pushedMinutesAgo: 30, labels: ["prerelease"]),
                Tag("3.0.0-rc.2", pushedMinutesAgo: 20, labels: ["prerelease"]),
                Tag("2.9.0", pushedMinutesAgo: 500),
                Tag("3.0.0", pushedMinutesAgo: 10),
            ],
            Rule(1, RetentionVocabulary.Always, null, release),
            Rule(2, RetentionVocabulary.LatestPushedK, 1, prerelease));

        Assert.Equal(["2.9.0", "3.0.0", "3.0.0-rc.2"], KeysOf(plan, RetentionActionKind.Retained));
        Assert.Equal(["3.0.0-rc.1"], KeysOf(plan, RetentionActionKind.ArtifactDeleted));
    }

    [Fact]
    public void System_packages_keep_n_versions_per_architecture()
    {
        var plan = Plan(
            [
                Tag("libfoo_1.0-1_amd64.deb", pushedMinutesAgo: 30, group: "libfoo/amd64"),
                Tag("libfoo_1.1-1_amd64.deb", pushedMinutesAgo: 20, group: "libfoo/amd64"),
                Tag("libfoo_1.0-1_arm64.deb", pushedMinutesAgo: 25, group: "libfoo/arm64"),
                Tag("libfoo_0.9-1_arm64.deb", pushedMinutesAgo: 60, group: "libfoo/arm64"),
                Tag("libfoo_1.0-1_all.deb", pushedMinutesAgo: 90, group: "libfoo/all"),
            ],
            Rule(RetentionVocabulary.LatestPushedK, 1, Matches("**")));

        Assert.Equal(["libfoo_1.0-1_all.deb", "libfoo_1.0-1_arm64.deb", "libfoo_1.1-1_amd64.deb"], KeysOf(plan, RetentionActionKind.Retained));
        Assert.Equal(["libfoo_0.9-1_arm64.deb", "libfoo_1.0-1_amd64.deb"], KeysOf(plan, RetentionActionKind.ArtifactDeleted));
    }

    [Fact]
    public void Generic_paths_are_kept_by_path_pattern_and_age()
    {
        const int Day = 24 * 60;
        var plan = Plan(
            [
                Tag("releases/2026/app-1.0.tar.gz", pushedMinutesAgo: 400 * Day),
                Tag("releases/2026/01/app-1.1.tar.gz", pushedMinutesAgo: 2 * Day),
                Tag("nightly/app-2026-01-01.tar.gz", pushedMinutesAgo: 40 * Day),
                Tag("nightly/app-2026-02-10.tar.gz", pushedMinutesAgo: 1 * Day),
            ],
            Rule(1, RetentionVocabulary.Always, null, Matches("releases/**")),
            Rule(2, RetentionVocabulary.NDaysSinceLastPush, 30, Matches("nightly/**")));

        Assert.Equal(
            ["nightly/app-2026-02-10.tar.gz", "releases/2026/01/app-1.1.tar.gz", "releases/2026/app-1.0.tar.gz"],
            KeysOf(plan, RetentionActionKind.Retained));
        Assert.Equal(["nightly/app-2026-01-01.tar.gz"], KeysOf(plan, RetentionActionKind.ArtifactDeleted));
    }
}
