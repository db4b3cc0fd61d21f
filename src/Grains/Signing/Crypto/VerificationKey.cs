using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Signing.Crypto;

/// <summary>
/// A public key that verifies signatures, whatever its algorithm. ECDSA and RSA use the platform's crypto;
/// Ed25519 (Rekor v2 checkpoints, some signers) uses NSec, since the platform has none.
/// </summary>
public sealed class VerificationKey : IDisposable
{
    private const string EcOid = "1.2.840.10045.2.1", RsaOid = "1.2.840.113549.1.1.1", RsaPssOid = "1.2.840.113549.1.1.10",
        Ed25519Oid = "1.3.101.112";

    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;
    private readonly NSec.Cryptography.PublicKey? _ed25519;
    private readonly byte[] _spki;

    private VerificationKey(KeyAlgorithm algorithm, byte[] spki, ECDsa? ecdsa, RSA? rsa, NSec.Cryptography.PublicKey? ed25519)
    {
        Algorithm = algorithm;
        _spki = spki;
        _ecdsa = ecdsa;
        _rsa = rsa;
        _ed25519 = ed25519;
    }

    public KeyAlgorithm Algorithm { get; }

    /// <summary>The hash a signer picks for this key by default: SHA-384 for P-384, SHA-512 for P-521, else SHA-256.</summary>
    public HashAlgorithmName DefaultHash => Algorithm switch
    {
        KeyAlgorithm.EcdsaP384 => HashAlgorithmName.SHA384,
        KeyAlgorithm.EcdsaP521 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    /// <summary>The DER SubjectPublicKeyInfo, the form key ids and fingerprints are computed over.</summary>
    public ReadOnlySpan<byte> SubjectPublicKeyInfo => _spki;

    /// <summary>SHA-256 of the SubjectPublicKeyInfo, lower-case hex: Sigstore's key id and a stable fingerprint.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(_spki));

    /// <summary>Reads a DER SubjectPublicKeyInfo (EC, RSA, RSA-PSS or Ed25519).</summary>
    /// <exception cref="CryptographicException">The bytes are not a key of a supported algorithm.</exception>
    public static VerificationKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> spki)
    {
        var der = spki.ToArray();
        var oid = AlgorithmOid(der);
        switch (oid)
        {
            case EcOid:
                var ecdsa = ECDsa.Create();
                try
                {
                    ecdsa.ImportSubjectPublicKeyInfo(der, out _);
                    return new VerificationKey(CurveOf(ecdsa), der, ecdsa, null, null);
                }
                catch
                {
                    ecdsa.Dispose();
                    throw;
                }
            case RsaOid or RsaPssOid:
                var rsa = RSA.Create();
                try
                {
                    if (oid == RsaOid)
                        rsa.ImportSubjectPublicKeyInfo(der, out _);
                    else
                        rsa.ImportRSAPublicKey(SubjectPublicKeyBits(der), out _);
                    return new VerificationKey(KeyAlgorithm.Rsa, der, null, rsa, null);
                }
                catch
                {
                    rsa.Dispose();
                    throw;
                }
            case Ed25519Oid:
                var key = NSec.Cryptography.PublicKey.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, der, NSec.Cryptography.KeyBlobFormat.PkixPublicKey);
                return new VerificationKey(KeyAlgorithm.Ed25519, der, null, null, key);
            default:
                throw new CryptographicException($"Unsupported public key algorithm {oid}.");
        }
    }

    /// <summary>
    /// Reads the first key in PEM text: a <c>PUBLIC KEY</c>, an <c>RSA PUBLIC KEY</c> or a <c>CERTIFICATE</c>
    /// (whose subject key is taken).
    /// </summary>
    /// <exception cref="CryptographicException">No supported key is in the text.</exception>
    public static VerificationKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields))
            throw new CryptographicException("No PEM block found.");
        var label = pem.AsSpan()[fields.Label];
        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        if (label.SequenceEqual("PUBLIC KEY"))
            return FromSubjectPublicKeyInfo(der);
        if (label.SequenceEqual("CERTIFICATE"))
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            return FromCertificate(certificate);
        }

        if (label.SequenceEqual("RSA PUBLIC KEY"))
        {
            using var rsa = RSA.Create();
            rsa.ImportRSAPublicKey(der, out _);
            return FromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo());
        }

        throw new CryptographicException($"PEM block '{label}' is not a public key or certificate.");
    }

    /// <summary>Like <see cref="FromPem"/>, with the reason instead of an exception.</summary>
    public static bool TryFromPem(string pem, out VerificationKey? key, out string? error)
    {
        try
        {
            key = FromPem(pem);
            error = null;
            return true;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            key = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>The subject public key of <paramref name="certificate"/>.</summary>
    public static VerificationKey FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return FromSubjectPublicKeyInfo(certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>
    /// True when <paramref name="signature"/> signs <paramref name="data"/> with this key. <paramref name="hash"/>,
    /// <paramref name="ecdsaEncoding"/> and <paramref name="rsaPadding"/> apply to the algorithms they name; Ed25519
    /// signs the message itself. Malformed signatures are simply not valid.
    /// </summary>
    public bool VerifyData(
        ReadOnlySpan<byte> data,
        ReadOnlySpan<byte> signature,
        HashAlgorithmName hash,
        EcdsaEncoding ecdsaEncoding = EcdsaEncoding.Der,
        RsaPadding rsaPadding = RsaPadding.Pkcs1)
    {
        try
        {
            if (_ecdsa is not null)
                return _ecdsa.VerifyData(data, signature, hash, Format(ecdsaEncoding));
            if (_rsa is not null)
                return _rsa.VerifyData(data, signature, hash, Padding(rsaPadding));
            return NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(_ed25519!, data, signature);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// True when <paramref name="signature"/> signs the precomputed <paramref name="digest"/> (of algorithm
    /// <paramref name="hash"/>). Ed25519 cannot sign a digest, so it is never valid here.
    /// </summary>
    public bool VerifyHash(
        ReadOnlySpan<byte> digest,
        ReadOnlySpan<byte> signature,
        HashAlgorithmName hash,
        EcdsaEncoding ecdsaEncoding = EcdsaEncoding.Der,
        RsaPadding rsaPadding = RsaPadding.Pkcs1)
    {
        try
        {
            if (_ecdsa is not null)
                return _ecdsa.VerifyHash(digest, signature, Format(ecdsaEncoding));
            if (_rsa is not null)
                return _rsa.VerifyHash(digest, signature, hash, Padding(rsaPadding));
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    private static DSASignatureFormat Format(EcdsaEncoding encoding) =>
        encoding == EcdsaEncoding.Der ? DSASignatureFormat.Rfc3279DerSequence : DSASignatureFormat.IeeeP1363FixedFieldConcatenation;

    private static RSASignaturePadding Padding(RsaPadding padding) =>
        padding == RsaPadding.Pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;

    private static KeyAlgorithm CurveOf(ECDsa ecdsa) => ecdsa.KeySize switch
    {
        256 => KeyAlgorithm.EcdsaP256,
        384 => KeyAlgorithm.EcdsaP384,
        521 => KeyAlgorithm.EcdsaP521,
        var size => throw new CryptographicException($"Unsupported EC key size {size}."),
    };

    private static string AlgorithmOid(byte[] spki)
    {
        try
        {
            var info = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
            return info.ReadSequence().ReadObjectIdentifier();
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException("Malformed SubjectPublicKeyInfo.", e);
        }
    }

    private static byte[] SubjectPublicKeyBits(byte[] spki)
    {
        var info = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
        info.ReadEncodedValue();
        return info.ReadBitString(out _);
    }
}
