using System.Security.Cryptography;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// The arrangement content-trust tests share: a new private project and a fresh cosign key that the project's policy
/// may trust, with the cosign policy possibly enforced on pull. Disposing it disposes the key.
/// </summary>
public sealed class CosignProject : IDisposable
{
    private CosignProject(string name, ECDsa key)
    {
        Name = name;
        Key = key;
    }

    public string Name { get; }

    /// <summary>The project's key: trusted by its content-trust policy when created with <c>trustKey</c>.</summary>
    public ECDsa Key { get; }

    /// <summary>Creates the project as <paramref name="admin"/>, then trusts <see cref="Key"/> and enforces cosign as asked.</summary>
    public static async Task<CosignProject> CreateAsync(RegistryClient admin, string prefix, bool trustKey, bool enforce)
    {
        var name = await HarborProjects.CreatePrivateAsync(admin, prefix);
        var project = new CosignProject(name, CosignSignatures.NewKey());
        try
        {
            if (trustKey)
            {
                await CosignSignatures.TrustAsync(admin, name, project.Key);
            }

            if (enforce)
            {
                await CosignSignatures.EnforceAsync(admin, name);
            }

            return project;
        }
        catch
        {
            project.Dispose();
            throw;
        }
    }

    /// <summary>Pushes an image tagged <paramref name="tag"/> to a new repository of the project.</summary>
    public Task<PushedImage> PushImageAsync(RegistryClient client, string tag = "v1")
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.PushImageAsync(RegistryClient.UniqueRepo(Name), tag);
    }

    public void Dispose() => Key.Dispose();
}
