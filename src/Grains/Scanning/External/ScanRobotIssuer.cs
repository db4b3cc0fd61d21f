using System.Security.Cryptography;
using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning.External;

/// <summary>
/// Creates the short-lived robot an external scanner pulls with: a project robot named <c>scanner-&lt;random&gt;</c>
/// holding <c>repository:pull</c> and <c>repository:scanner-pull</c> in the artifact's project, expiring after
/// <see cref="ExternalScannerOptions.ScanRobotLifetime"/> (Harbor's robots count in days; this one is written with
/// its own expiry, so it lapses in minutes even if the delete is lost). <see cref="RevokeAsync"/> deletes it through
/// its grain, so no cached copy outlives it.
/// </summary>
public sealed class ScanRobotIssuer(IGrainFactory grains, IRobotMetadata robots, IOptions<ExternalScannerOptions> options, TimeProvider clock)
{
    public const string CreatorType = "scanner";

    public async Task<ScanCredential> IssueAsync(string repository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        var projectName = repository.Split('/')[0];
        var project = await grains.GetGrain<IProjectGrain>(projectName).GetAsync()
                      ?? throw new ScanFailedException($"project {projectName} not found");
        var permissions = new[]
        {
            new RobotPermission(RobotLevels.Project, project.Name, project.ProjectId,
            [
                new RobotAccess(RbacResources.Repository, RbacActions.Pull, RobotAccess.Allow),
                new RobotAccess(RbacResources.Repository, RbacActions.ScannerPull, RobotAccess.Allow),
            ]),
        };
        var name = RobotNames.Stored("scanner-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), project.Name);
        var secret = HarborSecretRule.Generate();
        var now = clock.GetUtcNow();
        var expires = now + options.Value.ScanRobotLifetime;
        var created = await robots.TryCreateRobotAsync(
            new RobotRecord(
                0, name, "short-lived credential of one external scan", project.ProjectId, PasswordHasher.Hash(secret), 1,
                expires.ToUnixTimeSeconds(), false, CreatorType, 0, now, now, permissions),
            cancellationToken) ?? throw new ScannerUnavailableException("the scan robot could not be created");
        return new ScanCredential(created.RobotId, RobotNames.Full(created.Name), secret, expires);
    }

    /// <summary>Deletes the robot; safe to call twice.</summary>
    public async Task RevokeAsync(ScanCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        await grains.GetGrain<IRobotGrain>(credential.RobotId).DeleteAsync();
    }
}
