using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Signing.Notation;

/// <summary>
/// The certificates of a project's Notation trust store, read from its PEM strings (each may hold several
/// <c>CERTIFICATE</c> blocks). The API has one list, so it stands for every store a trust policy statement
/// names: the statement's <c>ca:</c>, <c>signingAuthority:</c> and <c>tsa:</c> entries switch those roles on and
/// all draw on these certificates (a TSA root anchors only chains with time-stamping usage, a code-signing root
/// only Notation signatures, so sharing one pool does not mix the two kinds of trust in practice).
/// </summary>
public static class NotationTrustStore
{
    public static IReadOnlyList<X509Certificate2>? TryLoad(IReadOnlyList<string> pems, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pems);
        var certificates = new List<X509Certificate2>();
        for (var i = 0; i < pems.Count; i++)
        {
            var collection = new X509Certificate2Collection();
            try
            {
                collection.ImportFromPem(pems[i] ?? "");
            }
            catch (CryptographicException e)
            {
                error = $"trust store entry {i + 1} is not a valid PEM certificate: {e.Message}";
                return null;
            }

            if (collection.Count == 0)
            {
                error = $"trust store entry {i + 1} holds no PEM 'CERTIFICATE' block";
                return null;
            }

            certificates.AddRange(collection);
        }

        error = null;
        return certificates;
    }
}
