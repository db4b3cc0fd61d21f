using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Signing.Notation;

/// <summary>
/// Reads a Notation COSE_Sign1 envelope: the algorithm, <c>crit</c>, content type and Notation's text-labelled
/// attributes (times as CBOR tag 1) in the protected header; <c>x5chain</c> (label 33) and the optional timestamp
/// countersignature unprotected. Integrity is the COSE signature over its Sig_structure with the leaf key.
/// </summary>
internal static class CoseEnvelopeReader
{
    private static readonly CoseHeaderLabel X5Chain = new(33);

    public static NotationEnvelopeResult Read(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            var message = CoseMessage.DecodeSign1(bytes.Span);
            if (message.Content is not { } payload)
                return NotationEnvelopeResult.Fail("the COSE envelope has a detached payload; Notation embeds it");
            if (!message.UnprotectedHeaders.TryGetValue(X5Chain, out var x5chain) && !message.ProtectedHeaders.TryGetValue(X5Chain, out x5chain))
                return NotationEnvelopeResult.Fail("the COSE envelope has no x5chain certificate chain");
            var chain = ReadChain(x5chain.EncodedValue);
            if (chain.Count == 0)
                return NotationEnvelopeResult.Fail("the COSE envelope's x5chain is empty");
            ReadOnlyMemory<byte>? timestamp = null;
            if (message.UnprotectedHeaders.TryGetValue(new CoseHeaderLabel(NotationHeaders.TimestampSignature), out var token))
                timestamp = token.GetValueAsBytes();

            var attributes = ReadProtected(message.ProtectedHeaders);
            if (attributes.Validate() is { } invalid)
                return NotationEnvelopeResult.Fail(invalid);
            if (NotationAlgorithms.Check(attributes.Algorithm, chain[0], out _) is { } unfit)
                return NotationEnvelopeResult.Fail(unfit);
            using AsymmetricAlgorithm? key = (AsymmetricAlgorithm?)chain[0].GetRSAPublicKey() ?? chain[0].GetECDsaPublicKey();
            if (key is null || !message.VerifyEmbedded(key))
                return NotationEnvelopeResult.Fail("the COSE signature does not verify with the signing certificate's key (the envelope was altered or signed by another key)");
            if (NotationPayload.Read(payload, out var payloadError) is not { } target)
                return NotationEnvelopeResult.Fail(payloadError!);

            return new NotationEnvelopeResult(
                new NotationEnvelope(attributes.Algorithm!, attributes.SigningScheme!, attributes.SigningTime, attributes.AuthenticSigningTime,
                    attributes.Expiry, target, chain, message.Signature, timestamp),
                null);
        }
        catch (Exception e) when (e is CryptographicException or CborContentException or InvalidOperationException or FormatException or ArgumentException)
        {
            return NotationEnvelopeResult.Fail("the COSE envelope is malformed: " + e.Message);
        }
    }

    private static NotationSignedAttributes ReadProtected(CoseHeaderMap headers)
    {
        string? algorithm = headers.TryGetValue(CoseHeaderLabel.Algorithm, out var alg) ? NotationAlgorithms.FromCose(alg.GetValueAsInt32()) : null;
        string? contentType = headers.TryGetValue(CoseHeaderLabel.ContentType, out var cty) ? cty.GetValueAsString() : null;
        IReadOnlyList<string>? critical = headers.TryGetValue(CoseHeaderLabel.CriticalHeaders, out var crit) ? ReadLabels(crit.EncodedValue) : null;
        string? Text(string name) => headers.TryGetValue(new CoseHeaderLabel(name), out var value) ? value.GetValueAsString() : null;
        DateTimeOffset? Time(string name) => headers.TryGetValue(new CoseHeaderLabel(name), out var value) ? ReadTime(value.EncodedValue) : null;
        return new NotationSignedAttributes(
            algorithm, contentType, critical, Text(NotationHeaders.SigningScheme),
            Time(NotationHeaders.SigningTime), Time(NotationHeaders.AuthenticSigningTime), Time(NotationHeaders.Expiry),
            name => headers.ContainsKey(new CoseHeaderLabel(name)));
    }

    private static DateTimeOffset ReadTime(ReadOnlyMemory<byte> encoded)
    {
        var reader = new CborReader(encoded);
        if (reader.ReadTag() != CborTag.UnixTimeSeconds)
            throw new FormatException("a time header is not a CBOR epoch date (tag 1)");
        return reader.PeekState() == CborReaderState.UnsignedInteger || reader.PeekState() == CborReaderState.NegativeInteger
            ? DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64())
            : DateTimeOffset.FromUnixTimeMilliseconds((long)(reader.ReadDouble() * 1000));
    }

    private static List<string> ReadLabels(ReadOnlyMemory<byte> encoded)
    {
        var reader = new CborReader(encoded);
        var labels = new List<string>();
        var count = reader.ReadStartArray();
        for (var i = 0; count is null ? reader.PeekState() != CborReaderState.EndArray : i < count; i++)
            labels.Add(reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : reader.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        reader.ReadEndArray();
        return labels;
    }

    private static List<X509Certificate2> ReadChain(ReadOnlyMemory<byte> encoded)
    {
        var reader = new CborReader(encoded);
        if (reader.PeekState() == CborReaderState.ByteString)
            return [X509CertificateLoader.LoadCertificate(reader.ReadByteString())];
        var chain = new List<X509Certificate2>();
        var count = reader.ReadStartArray();
        for (var i = 0; count is null ? reader.PeekState() != CborReaderState.EndArray : i < count; i++)
            chain.Add(X509CertificateLoader.LoadCertificate(reader.ReadByteString()));
        reader.ReadEndArray();
        return chain;
    }
}
