namespace ArtifactKeeper.Scanning.Inventory.Layers;

/// <summary>What a captured file yielded: its text (OS identification files) and the packages it lists.</summary>
public sealed record FileFacts(string? Text, IReadOnlyList<InstalledPackage> Packages)
{
    public static FileFacts Nothing { get; } = new(null, []);

    public static FileFacts OfText(string text) => new(text, []);

    public static FileFacts Of(IReadOnlyList<InstalledPackage> packages) => new(null, packages);
}

/// <summary>
/// The visible copy of one path of interest after flattening: the layer that holds it (the visible-file rule) and
/// either what was read from it or, for a symlink, where it points (normalised, relative to the root).
/// </summary>
public sealed record CapturedFile(string Path, int LayerIndex, FileFacts Facts, string? LinkTarget)
{
    /// <summary>diff_id of the layer holding this copy; set when the flattening is done.</summary>
    public string? LayerDiffId { get; init; }
}

/// <summary>The flattened view of the paths of interest, and what was skipped on the way.</summary>
public sealed record FlattenedFiles(IReadOnlyDictionary<string, CapturedFile> Files, IReadOnlyList<string> Notes)
{
    /// <summary>The captured file at <paramref name="path"/>, following symlinks among captured paths.</summary>
    public CapturedFile? Resolve(string path)
    {
        for (var hops = 0; hops < 16; hops++)
        {
            if (!Files.TryGetValue(path, out var file))
                return null;
            if (file.LinkTarget is null)
                return file;
            path = file.LinkTarget;
        }

        return null;
    }
}

/// <summary>Which paths the flattener keeps, with a size cap each, and how a kept file is read.</summary>
public interface ICapturePolicy
{
    /// <summary>The largest size kept for <paramref name="path"/>, or null when the path is of no interest.</summary>
    long? MaxBytes(string path);

    /// <summary>Reads a kept file; <paramref name="content"/> holds exactly <paramref name="length"/> bytes and is read once.</summary>
    Task<FileFacts> ReadAsync(string path, Stream content, long length, CancellationToken cancellationToken);
}
