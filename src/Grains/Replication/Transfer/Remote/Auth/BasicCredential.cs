using System.Net.Http.Headers;
using System.Text;

namespace ArtifactKeeper.Replication.Transfer.Remote.Auth;

/// <summary>A username and password (or token) sent as HTTP Basic; never printed.</summary>
public sealed record BasicCredential(string Username, string Password)
{
    public AuthenticationHeaderValue Header() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Username + ":" + Password)));

    public override string ToString() => $"BasicCredential {{ Username = {Username} }}";
}

/// <summary>
/// Where a remote's basic credential comes from: the endpoint's stored key and secret, or something derived from them
/// (ECR's authorization token). <see cref="InvalidateAsync"/> drops a derived credential the registry refused.
/// </summary>
public interface IRegistryCredentialSource
{
    /// <summary>The credential to present, or null for anonymous access.</summary>
    ValueTask<BasicCredential?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Forgets a cached credential; true when a fresh one may differ (worth one more try).</summary>
    bool Invalidate();
}

/// <summary>A fixed credential (or none).</summary>
public sealed class StaticCredentialSource(BasicCredential? credential) : IRegistryCredentialSource
{
    public static StaticCredentialSource Anonymous { get; } = new(null);

    public ValueTask<BasicCredential?> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credential);

    public bool Invalidate() => false;
}

/// <summary>A credential that cannot be had (an endpoint misconfigured for its type); every use says why.</summary>
public sealed class RefusedCredentialSource(string problem) : IRegistryCredentialSource
{
    public ValueTask<BasicCredential?> GetAsync(CancellationToken cancellationToken) =>
        ValueTask.FromException<BasicCredential?>(new OciRegistryException(problem, null, transient: false));

    public bool Invalidate() => false;
}
