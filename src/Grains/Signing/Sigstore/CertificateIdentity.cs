using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>
/// Who a Fulcio (or other code-signing) certificate names: its subject alternative names (email, URI, and the
/// Sigstore username OtherName) and the OIDC issuer from Fulcio's extensions (<c>1.3.6.1.4.1.57264.1.8</c>, a DER
/// UTF8String, else the deprecated <c>.1.1</c>, raw text).
/// </summary>
public sealed record CertificateIdentity(IReadOnlyList<string> Names, string? Issuer)
{
    private const string SanOid = "2.5.29.17", IssuerV2Oid = "1.3.6.1.4.1.57264.1.8", IssuerV1Oid = "1.3.6.1.4.1.57264.1.1",
        UsernameOid = "1.3.6.1.4.1.57264.1.7";

    private static readonly Asn1Tag Rfc822 = new(TagClass.ContextSpecific, 1), Uri = new(TagClass.ContextSpecific, 6),
        OtherName = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>The first name, the one reported as the signer when no policy picked another.</summary>
    public string Primary => Names.Count > 0 ? Names[0] : "(no subject alternative name)";

    public static CertificateIdentity Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var names = new List<string>();
        string? issuerV2 = null, issuerV1 = null;
        foreach (var extension in certificate.Extensions)
        {
            switch (extension.Oid?.Value)
            {
                case SanOid:
                    ReadNames(extension.RawData, names);
                    break;
                case IssuerV2Oid:
                    issuerV2 = ReadUtf8(extension.RawData);
                    break;
                case IssuerV1Oid:
                    issuerV1 = Encoding.UTF8.GetString(extension.RawData);
                    break;
            }
        }

        return new CertificateIdentity(names, issuerV2 ?? issuerV1);
    }

    private static void ReadNames(byte[] der, List<string> names)
    {
        try
        {
            var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.HasSameClassAndValue(Rfc822))
                    names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, Rfc822));
                else if (tag.HasSameClassAndValue(Uri))
                    names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, Uri));
                else if (tag.HasSameClassAndValue(OtherName))
                {
                    var other = sequence.ReadSequence(OtherName);
                    var type = other.ReadObjectIdentifier();
                    var value = other.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                    if (type == UsernameOid)
                        names.Add(value.ReadCharacterString(UniversalTagNumber.UTF8String));
                }
                else
                    sequence.ReadEncodedValue();
            }
        }
        catch (AsnContentException)
        {
            // A malformed SAN names nobody.
        }
    }

    private static string? ReadUtf8(byte[] der)
    {
        try
        {
            return new AsnReader(der, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return null;
        }
    }
}
