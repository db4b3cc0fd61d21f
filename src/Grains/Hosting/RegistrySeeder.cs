using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Hosting;

/// <summary>
/// Prepares the metadata store before the silo takes traffic: schema, the <c>admin</c> user and the
/// public <c>library</c> project (Harbor's defaults). Registered ahead of Orleans so it runs first.
/// </summary>
public sealed class RegistrySeeder(
    IMetadataStore store,
    IOptions<ArtifactKeeperOptions> options,
    TimeProvider clock,
    ILogger<RegistrySeeder> logger) : IHostedService
{
    public const string AdminUser = "admin";
    public const string LibraryProject = "library";

    /// <summary>Harbor's profile of its built-in admin.</summary>
    public static readonly UserProfile AdminProfile = new("admin@example.com", "system admin", "admin user");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (await store.GetUserAsync(AdminUser, cancellationToken) is null)
        {
            await store.EnsureUserAsync(AdminUser, PasswordHasher.Hash(options.Value.AdminPassword), isAdmin: true, now, cancellationToken);
            await store.UpdateUserProfileAsync(AdminUser, AdminProfile, now, cancellationToken);
            logger.LogInformation("Created user {User} with the configured initial password", AdminUser);
        }

        var library = new Dictionary<string, string>(StringComparer.Ordinal) { ["public"] = "true" };
        if (await store.TryCreateProjectAsync(LibraryProject, AdminUser, library, now, cancellationToken) is not null)
        {
            logger.LogInformation("Created public project {Project}", LibraryProject);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
