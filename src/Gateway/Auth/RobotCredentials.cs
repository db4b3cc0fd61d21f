using System.Collections.Concurrent;
using ArtifactKeeper.Access;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Checks a robot's name and secret at its grain. Only the name → id mapping is remembered here: a robot's
/// name never changes and ids are never reused, so the mapping can only go stale by deletion, which the
/// grain reports. Whether the secret is accepted is asked every time, so a change takes effect at once.
/// </summary>
public sealed class RobotCredentials(IGrainFactory grains)
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, long> _ids = new(StringComparer.Ordinal);

    /// <param name="storedName">The robot's name without the <c>robot$</c> prefix.</param>
    public async ValueTask<RobotLogin> VerifyAsync(string storedName, string secret)
    {
        ArgumentNullException.ThrowIfNull(storedName);
        if (_ids.TryGetValue(storedName, out var known))
        {
            var grain = grains.GetGrain<IRobotGrain>(known);
            var login = await grain.VerifySecretAsync(secret);
            if (login.Status != RobotLoginStatus.Rejected || await grain.GetAsync() is not null)
            {
                return login;
            }

            _ids.TryRemove(storedName, out _);
        }

        if (await grains.GetGrain<IRobotDirectoryGrain>(0).FindIdAsync(storedName) is not { } id)
        {
            return new RobotLogin(RobotLoginStatus.Rejected, null);
        }

        if (_ids.Count >= Capacity)
        {
            _ids.Clear();
        }

        _ids[storedName] = id;
        return await grains.GetGrain<IRobotGrain>(id).VerifySecretAsync(secret);
    }
}
