using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Tests.Unit.Retention;

public sealed class RetentionDeletionQueueTests
{
    private static RetentionDeletion Artifact(string digest) => new(RetentionDeletionKind.Artifact, digest, null, [digest], []);

    private static List<RetentionDeletion> Wave(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => Artifact($"sha256:{prefix}{i}")).ToList();

    [Fact]
    public void Take_hands_out_a_budget_at_a_time_in_order_and_never_mixes_two_waves_in_one_batch()
    {
        var first = Wave("a", 5);
        var second = Wave("b", 3);
        var queue = new RetentionDeletionQueue([first, second]);

        var step1 = queue.Take(4);
        var step2 = queue.Take(3);
        var step3 = queue.Take(10);

        Assert.Equal([first[..4]], step1);
        Assert.Equal([first[4..], second[..2]], step2);
        Assert.Equal([second[2..]], step3);
        Assert.True(queue.IsEmpty);
        Assert.Empty(queue.Take(10));
    }

    [Fact]
    public void Remaining_counts_what_was_not_handed_out_and_empty_waves_are_skipped()
    {
        var queue = new RetentionDeletionQueue([[], Wave("a", 2), [], Wave("b", 1)]);
        Assert.Equal(3, queue.Remaining);

        var batches = queue.Take(int.MaxValue);

        Assert.Equal([2, 1], batches.Select(b => b.Count));
        Assert.Equal(0, queue.Remaining);
        Assert.True(new RetentionDeletionQueue([]).IsEmpty);
        Assert.True(new RetentionDeletionQueue([[], []]).IsEmpty);
    }

    [Fact]
    public void Abandon_answers_what_was_not_handed_out_in_order_and_empties_the_queue()
    {
        var first = Wave("a", 3);
        var second = Wave("b", 2);
        var queue = new RetentionDeletionQueue([first, second]);
        queue.Take(2);

        var left = queue.Abandon();

        Assert.Equal([first[2], .. second], left);
        Assert.True(queue.IsEmpty);
        Assert.Empty(queue.Take(10));
        Assert.Empty(queue.Abandon());
    }

    [Fact]
    public void A_budget_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetentionDeletionQueue([Wave("a", 1)]).Take(0));
}
