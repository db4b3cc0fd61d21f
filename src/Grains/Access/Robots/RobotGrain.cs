using System.Security.Cryptography;
using System.Text;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Access.Robots;

/// <summary>One robot account: the secret check and every change, written through before it answers.</summary>
[GrainType("robot")]
public sealed class RobotGrain(IRobotMetadata metadata, TimeProvider clock) : Grain, IRobotGrain
{
    // PBKDF2 is slow by design and Basic clients send the secret on every request. The last secret that
    // passed is remembered as a keyed digest (the key never leaves this activation) and forgotten whenever
    // the secret changes, so the fast path is exactly as current as the slow one.
    private readonly byte[] _digestKey = RandomNumberGenerator.GetBytes(32);
    private byte[]? _acceptedDigest;
    private RobotRecord? _robot;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _robot = await metadata.GetRobotAsync(this.GetPrimaryKeyLong(), cancellationToken);

    public async Task<RobotInfo?> GetAsync()
    {
        if (_robot is not null && !await ProjectStillExistsAsync(_robot))
        {
            // The project's deletion took this robot's row with it; stop answering from the stale copy.
            _robot = null;
            _acceptedDigest = null;
            DeactivateOnIdle();
        }

        return _robot?.ToInfo();
    }

    public async Task<RobotLogin> VerifySecretAsync(string secret)
    {
        if (_robot is null || string.IsNullOrEmpty(secret) || !SecretMatches(secret) || !await ProjectStillExistsAsync(_robot))
        {
            return new RobotLogin(RobotLoginStatus.Rejected, null);
        }

        if (_robot.Disabled)
        {
            return new RobotLogin(RobotLoginStatus.Disabled, null);
        }

        return RobotExpiry.IsExpired(_robot.ExpiresAt, clock.GetUtcNow())
            ? new RobotLogin(RobotLoginStatus.Expired, null)
            : new RobotLogin(RobotLoginStatus.Accepted, _robot.ToInfo());
    }

    public async Task<RobotResult> TryUpdateAsync(UpdateRobotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_robot is null)
        {
            return NotFound();
        }

        var level = _robot.ProjectId == 0 ? RobotLevels.System : RobotLevels.Project;
        if (RobotPermissionRules.Validate(level, request.Duration, request.Description, request.Permissions) is { } error)
        {
            return RobotResult.Fail(RegistryError.BadRequest, error);
        }

        if (level == RobotLevels.Project && request.Permissions[0].ProjectId != _robot.ProjectId)
        {
            return RobotResult.Fail(RegistryError.BadRequest, "cannot update the project id of robot");
        }

        var expiresAt = request.Duration == _robot.Duration ? _robot.ExpiresAt : RobotExpiry.ExpiresAt(_robot.CreationTime, request.Duration);
        return await SaveAsync(_robot with
        {
            Description = request.Description,
            Duration = request.Duration,
            ExpiresAt = expiresAt,
            Disabled = request.Disabled,
            Permissions = request.Permissions,
        }, secret: null);
    }

    public async Task<RobotResult> TryRefreshSecretAsync(string? secret)
    {
        if (_robot is null)
        {
            return NotFound();
        }

        if (!string.IsNullOrEmpty(secret) && !HarborSecretRule.IsValid(secret))
        {
            return RobotResult.Fail(RegistryError.BadRequest, HarborSecretRule.Message);
        }

        var generated = string.IsNullOrEmpty(secret) ? HarborSecretRule.Generate() : null;
        var result = await SaveAsync(_robot with { SecretHash = PasswordHasher.Hash(generated ?? secret!) }, generated);
        _acceptedDigest = null;
        return result;
    }

    public async Task<bool> DeleteAsync()
    {
        if (_robot is null)
        {
            return false;
        }

        var deleted = await metadata.DeleteRobotAsync(_robot.RobotId, CancellationToken.None);
        _robot = null;
        _acceptedDigest = null;
        return deleted;
    }

    private async Task<RobotResult> SaveAsync(RobotRecord changed, string? secret)
    {
        // Written through before the in-memory copy changes: an acknowledged change survives a restart.
        var saved = await metadata.UpdateRobotAsync(changed with { UpdateTime = clock.GetUtcNow() }, CancellationToken.None);
        _robot = saved;
        _acceptedDigest = null;
        return saved is null ? NotFound() : new RobotResult(RegistryError.None, null, saved.ToInfo(), secret);
    }

    private bool SecretMatches(string secret)
    {
        var digest = HMACSHA256.HashData(_digestKey, Encoding.UTF8.GetBytes(secret));
        if (_acceptedDigest is not null && CryptographicOperations.FixedTimeEquals(digest, _acceptedDigest))
        {
            return true;
        }

        if (!PasswordHasher.Verify(secret, _robot!.SecretHash))
        {
            return false;
        }

        _acceptedDigest = digest;
        return true;
    }

    /// <summary>
    /// A deleted project takes its robots with it in the store; this activation may predate that, so the
    /// project is asked (an in-memory grain call) before a project robot is let in.
    /// </summary>
    private async Task<bool> ProjectStillExistsAsync(RobotRecord robot)
    {
        if (robot.ProjectId == 0)
        {
            return true;
        }

        var name = RobotNames.ProjectOf(robot.Name);
        var project = name is null ? null : await GrainFactory.GetGrain<IProjectGrain>(name).GetAsync();
        return project?.ProjectId == robot.ProjectId;
    }

    private RobotResult NotFound() => RobotResult.Fail(RegistryError.NameUnknown, $"robot {this.GetPrimaryKeyLong()} not found");
}
