namespace ArtifactKeeper.Access;

/// <summary>
/// One robot account, keyed by its id. The secret is checked here so its hash never leaves the silo, and
/// every change (disable, new secret, delete) is seen by the next check: nothing outside caches an acceptance.
/// </summary>
[Alias("access.robot")]
public interface IRobotGrain : IGrainWithIntegerKey
{
    [Alias("get")]
    Task<RobotInfo?> GetAsync();

    /// <summary>Accepts <paramref name="secret"/> only for an existing, enabled, unexpired robot.</summary>
    [Alias("verify-secret")]
    Task<RobotLogin> VerifySecretAsync(string secret);

    /// <summary>Replaces description, duration (recomputing the expiry), disable and permissions.</summary>
    [Alias("try-update")]
    Task<RobotResult> TryUpdateAsync(UpdateRobotRequest request);

    /// <summary>
    /// Sets a new secret: <paramref name="secret"/> when given (it must meet Harbor's complexity rule), else a
    /// random one, which the result carries once.
    /// </summary>
    [Alias("try-refresh-secret")]
    Task<RobotResult> TryRefreshSecretAsync(string? secret);

    [Alias("delete")]
    Task<bool> DeleteAsync();
}

/// <summary>
/// Creates robots and finds them by name. Ids are assigned by the metadata store, so creation cannot be
/// addressed to a robot grain; this stateless grain does it and hands over to <see cref="IRobotGrain"/>.
/// </summary>
[Alias("access.robot-directory")]
public interface IRobotDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the robot with a fresh random secret (Conflict when the name is taken, BadRequest when invalid).</summary>
    [Alias("try-create")]
    Task<RobotResult> TryCreateAsync(CreateRobotRequest request);

    /// <summary>The id of the robot with this stored name (no <c>robot$</c> prefix), or null.</summary>
    [Alias("find-id")]
    Task<long?> FindIdAsync(string name);
}
