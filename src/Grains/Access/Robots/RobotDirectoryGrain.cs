using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Orleans.Concurrency;

namespace ArtifactKeeper.Access.Robots;

/// <summary>Creates robots (the store assigns ids) and finds them by name.</summary>
[GrainType("robot-directory")]
[StatelessWorker]
public sealed class RobotDirectoryGrain(IRobotMetadata metadata, TimeProvider clock) : Grain, IRobotDirectoryGrain
{
    public async Task<RobotResult> TryCreateAsync(CreateRobotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RobotNames.IsValidName(request.Name))
        {
            return RobotResult.Fail(RegistryError.BadRequest, "robot name is not in lower case or contains illegal characters");
        }

        if (RobotPermissionRules.Validate(request.Level, request.Duration, request.Description, request.Permissions) is { } error)
        {
            return RobotResult.Fail(RegistryError.BadRequest, error);
        }

        var isProject = request.Level == RobotLevels.Project;
        if (isProject && (request.ProjectName is null || request.ProjectId <= 0 || request.Permissions[0].ProjectId != request.ProjectId))
        {
            return RobotResult.Fail(RegistryError.BadRequest, "a project robot's permission must name its project");
        }

        var name = RobotNames.Stored(request.Name, isProject ? request.ProjectName : null);
        if (name.Length > RobotNames.MaxStoredLength)
        {
            return RobotResult.Fail(RegistryError.BadRequest, $"the robot name (with its project) must be at most {RobotNames.MaxStoredLength} characters");
        }

        var secret = HarborSecretRule.Generate();
        var now = clock.GetUtcNow();
        var created = await metadata.TryCreateRobotAsync(
            new RobotRecord(
                0, name, request.Description, isProject ? request.ProjectId : 0, PasswordHasher.Hash(secret), request.Duration,
                RobotExpiry.ExpiresAt(now, request.Duration), request.Disabled, request.CreatorType, request.CreatorRef, now, now, request.Permissions),
            CancellationToken.None);
        return created is null
            ? RobotResult.Fail(RegistryError.Conflict, $"robot account {RobotNames.Full(name)} already exists")
            : new RobotResult(RegistryError.None, null, created.ToInfo(), secret);
    }

    public Task<long?> FindIdAsync(string name) =>
        string.IsNullOrEmpty(name) ? Task.FromResult<long?>(null) : metadata.FindRobotIdAsync(name, CancellationToken.None);
}
