namespace ArtifactKeeper.Access;

/// <summary>One local user, keyed by username.</summary>
[Alias("access.user")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>The user when <paramref name="password"/> is right, else null (unknown user included).</summary>
    [Alias("verify-password")]
    Task<UserInfo?> VerifyPasswordAsync(string password);

    [Alias("get")]
    Task<UserInfo?> GetAsync();
}
