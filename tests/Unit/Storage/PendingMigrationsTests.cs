using ArtifactKeeper.Storage.Schema;

namespace ArtifactKeeper.Tests.Unit.Storage;

public sealed class PendingMigrationsTests
{
    [Fact]
    public void A_fresh_database_needs_every_version_in_order()
    {
        Assert.Equal([1, 2, 3, 7], PendingMigrations.Select([7, 1, 3, 2], []));
    }

    [Fact]
    public void A_version_below_the_highest_applied_one_is_still_applied()
    {
        // A branch's migration 6 landing after another branch's 7 was already applied somewhere.
        Assert.Equal([6], PendingMigrations.Select([1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 7]));
    }

    [Fact]
    public void Nothing_is_pending_when_every_version_is_recorded()
    {
        Assert.Empty(PendingMigrations.Select([1, 2, 5], [5, 2, 1]));
    }

    [Fact]
    public void Recorded_versions_this_build_does_not_know_are_ignored()
    {
        // A newer build ran against the database first; this one applies only what it lacks.
        Assert.Equal([2], PendingMigrations.Select([1, 2], [1, 3]));
    }

    [Fact]
    public void Two_migrations_with_one_number_are_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PendingMigrations.Select([1, 2, 2], []));
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
    }
}
