namespace ArtifactKeeper.Registry.Manifests;

/// <summary>Outcome of <see cref="ManifestParser.Parse"/>: a manifest, or the refusal and why.</summary>
public sealed record ManifestParseResult(RegistryError Error, string? Message, ParsedManifest? Manifest)
{
    public bool Succeeded => Error == RegistryError.None;
}
