namespace ArtifactKeeper.Signing.Notation;

/// <summary>Reads a Notation envelope by its media type (JWS or COSE) and checks its integrity.</summary>
public static class NotationEnvelopeReader
{
    public static NotationEnvelopeResult Read(string mediaType, ReadOnlyMemory<byte> bytes) => mediaType switch
    {
        NotationMediaTypes.JwsEnvelope => JwsEnvelopeReader.Read(bytes),
        NotationMediaTypes.CoseEnvelope => CoseEnvelopeReader.Read(bytes),
        _ => NotationEnvelopeResult.Fail($"unknown envelope media type '{mediaType}' (expected '{NotationMediaTypes.JwsEnvelope}' or '{NotationMediaTypes.CoseEnvelope}')"),
    };
}
