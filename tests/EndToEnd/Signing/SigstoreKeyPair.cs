using System.Security.Cryptography;

namespace ArtifactKeeper.Tests.EndToEnd.Signing;

/// <summary>
/// A sigstore signing key made by <c>skopeo generate-sigstore-key</c> (the encrypted cosign key format) with its
/// passphrase file and public key, plus an unrelated public key for the refusals. One per test class: the scrypt
/// key derivation makes generation take a few seconds.
/// </summary>
public sealed class SigstoreKeyPair : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("ak-e2e-sigkey");

    /// <summary>The encrypted private key.</summary>
    public string PrivateKeyPath => _directory.Combine("signer.private");

    /// <summary>The signing key's public key (PKIX PEM).</summary>
    public string PublicKeyPath => _directory.Combine("signer.pub");

    /// <summary>The passphrase protecting <see cref="PrivateKeyPath"/>.</summary>
    public string PassphrasePath => _directory.Combine("passphrase");

    /// <summary>The public key of another P-256 key, which verifies none of this pair's signatures.</summary>
    public string OtherPublicKeyPath => _directory.Combine("other.pub");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(PassphrasePath, "e2e-" + Guid.NewGuid().ToString("N") + "\n");
        await TrixieSkopeo.RunAsync(
            ["generate-sigstore-key", "--output-prefix", _directory.Combine("signer"), "--passphrase-file", PassphrasePath],
            CancellationToken.None);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(OtherPublicKeyPath, other.ExportSubjectPublicKeyInfoPem());
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
