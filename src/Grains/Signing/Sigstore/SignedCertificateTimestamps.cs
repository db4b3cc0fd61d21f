using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>
/// Verifies the SCTs a Fulcio certificate embeds (RFC 6962 §3.2, precertificate entries): at least one must be
/// signed by a CT log of the trusted root over the certificate's TBS without the SCT extension and the issuer's
/// key hash.
/// </summary>
public static class SignedCertificateTimestamps
{
    private const string SctListOid = "1.3.6.1.4.1.11129.2.4.2";
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);

    /// <summary>Null when an embedded SCT verifies; else why not.</summary>
    public static string? Verify(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain, TrustedRoot root)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(root);
        var extension = leaf.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == SctListOid);
        if (extension is null)
            return "the signing certificate has no embedded SCT, but the trusted root requires certificate transparency";
        try
        {
            var list = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadOctetString();
            var tbs = PrecertificateTbs(leaf.RawData);
            var issuers = chain.Concat(root.CertificateAuthorities.SelectMany(a => a.Chain))
                .Where(c => c.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData))
                .Select(c => SHA256.HashData(c.PublicKey.ExportSubjectPublicKeyInfo()))
                .ToList();
            foreach (var sct in Scts(list))
            {
                foreach (var log in root.CtLogs)
                {
                    if (!log.LogId.AsSpan().SequenceEqual(sct.LogId))
                        continue;
                    foreach (var issuerKeyHash in issuers)
                    {
                        if (log.Key.VerifyData(SignedData(sct, issuerKeyHash, tbs), sct.Signature, HashAlgorithmName.SHA256))
                            return null;
                    }
                }
            }

            return "no embedded SCT of the signing certificate verifies with a CT log of the trusted root";
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentOutOfRangeException)
        {
            return "the signing certificate's SCT list is malformed";
        }
    }

    private sealed record Sct(byte Version, byte[] LogId, ulong Timestamp, byte[] Extensions, byte[] Signature);

    private static List<Sct> Scts(byte[] list)
    {
        var scts = new List<Sct>();
        var total = BinaryPrimitives.ReadUInt16BigEndian(list);
        var span = list.AsSpan(2, total);
        while (span.Length > 0)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(span);
            var sct = span.Slice(2, length);
            span = span[(2 + length)..];
            var version = sct[0];
            var logId = sct.Slice(1, 32).ToArray();
            var timestamp = BinaryPrimitives.ReadUInt64BigEndian(sct[33..]);
            var extensionsLength = BinaryPrimitives.ReadUInt16BigEndian(sct[41..]);
            var extensions = sct.Slice(43, extensionsLength).ToArray();
            var rest = sct[(43 + extensionsLength)..];
            var signatureLength = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
            scts.Add(new Sct(version, logId, timestamp, extensions, rest.Slice(4, signatureLength).ToArray()));
        }

        return scts;
    }

    private static byte[] SignedData(Sct sct, byte[] issuerKeyHash, byte[] tbs)
    {
        var data = new byte[1 + 1 + 8 + 2 + 32 + 3 + tbs.Length + 2 + sct.Extensions.Length];
        var span = data.AsSpan();
        span[0] = sct.Version;
        span[1] = 0; // certificate_timestamp
        BinaryPrimitives.WriteUInt64BigEndian(span[2..], sct.Timestamp);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], 1); // precert_entry
        issuerKeyHash.CopyTo(span[12..]);
        span[44] = (byte)(tbs.Length >> 16);
        span[45] = (byte)(tbs.Length >> 8);
        span[46] = (byte)tbs.Length;
        tbs.CopyTo(span[47..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[(47 + tbs.Length)..], (ushort)sct.Extensions.Length);
        sct.Extensions.CopyTo(span[(49 + tbs.Length)..]);
        return data;
    }

    /// <summary>The certificate's TBSCertificate re-encoded without the SCT list extension.</summary>
    private static byte[] PrecertificateTbs(byte[] certificate)
    {
        var tbs = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            while (tbs.HasData)
            {
                if (!tbs.PeekTag().HasSameClassAndValue(ExtensionsTag))
                {
                    writer.WriteEncodedValue(tbs.ReadEncodedValue().Span);
                    continue;
                }

                var extensions = tbs.ReadSequence(ExtensionsTag).ReadSequence();
                using (writer.PushSequence(ExtensionsTag))
                using (writer.PushSequence())
                {
                    while (extensions.HasData)
                    {
                        var encoded = extensions.ReadEncodedValue();
                        var oid = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
                        if (oid != SctListOid)
                            writer.WriteEncodedValue(encoded.Span);
                    }
                }
            }
        }

        return writer.Encode();
    }
}
