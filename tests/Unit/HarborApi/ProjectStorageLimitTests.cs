using ArtifactKeeper.HarborApi;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class ProjectStorageLimitTests
{
    [Theory]
    [InlineData(null, true, -1L, -1L)]
    [InlineData(0L, true, 500L, 500L)]
    [InlineData(1000L, true, -1L, 1000L)]
    [InlineData(-1L, true, 500L, -1L)]
    [InlineData(1000L, false, 500L, 500L)]
    [InlineData(null, false, -1L, -1L)]
    public void TryResolve_takes_an_admins_limit_else_the_default(long? requested, bool admin, long configured, long expected)
    {
        Assert.True(ProjectStorageLimit.TryResolve(requested, admin, configured, out var limit, out var error));

        Assert.Equal(expected, limit);
        Assert.Null(error);
    }

    [Fact]
    public void TryResolve_refuses_a_negative_limit_other_than_unlimited()
    {
        Assert.False(ProjectStorageLimit.TryResolve(-5, true, -1, out _, out var error));

        Assert.Contains("storage_limit", error, StringComparison.Ordinal);
    }
}
