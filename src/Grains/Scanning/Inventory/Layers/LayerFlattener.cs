using System.Formats.Tar;

namespace ArtifactKeeper.Scanning.Inventory.Layers;

/// <summary>
/// Flattens an image's layers, bottom first, keeping only the paths a <see cref="ICapturePolicy"/> asks for. Each
/// layer blob is opened once and streamed: every entry of interest is read (within its size cap) as it passes, and
/// a later layer's copy, whiteout or opaque marker replaces or hides what the lower layers left at that path. Nothing
/// but the captured facts is kept, so memory does not grow with the size of a layer.
/// </summary>
public sealed class LayerFlattener(ICapturePolicy policy)
{
    public async Task<FlattenedFiles> FlattenAsync(
        IReadOnlyList<LayerSource> layers, IArtifactContent content, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, CapturedFile>(StringComparer.Ordinal);
        var notes = new List<string>();
        var diffIds = new string?[layers.Count];
        for (var index = 0; index < layers.Count; index++)
        {
            var layer = layers[index];
            if (!LayerStreams.IsTarLayer(layer.MediaType))
            {
                notes.Add($"layer {layer.Digest} ({layer.MediaType}) is not a tar layer and was not read");
                diffIds[index] = layer.DiffId;
                continue;
            }

            diffIds[index] = await ReadLayerAsync(index, layer, content, files, notes, cancellationToken);
        }

        var resolved = files.ToDictionary(
            pair => pair.Key,
            pair => pair.Value with { LayerDiffId = diffIds[pair.Value.LayerIndex] ?? layers[pair.Value.LayerIndex].Digest },
            StringComparer.Ordinal);
        return new FlattenedFiles(resolved, notes);
    }

    private async Task<string?> ReadLayerAsync(
        int index,
        LayerSource layer,
        IArtifactContent content,
        Dictionary<string, CapturedFile> files,
        List<string> notes,
        CancellationToken cancellationToken)
    {
        await using var blob = await content.OpenBlobAsync(layer.Digest, cancellationToken);
        try
        {
            await using var tar = await LayerStreams.OpenUncompressedAsync(blob, layer.MediaType, cancellationToken);
            Sha256ReadStream? hashing = layer.DiffId is null ? new Sha256ReadStream(tar) : null;
            await using (hashing)
            {
                await using var reader = new TarReader(hashing ?? tar, leaveOpen: true);
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                    await ApplyEntryAsync(index, layer, entry, files, notes, cancellationToken);

                return hashing is null ? layer.DiffId : await hashing.FinishAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException
                                      or ZstdSharp.ZstdException)
        {
            throw new ScanFailedException($"layer {layer.Digest} ({layer.MediaType}) is not a readable tar: {e.Message}", e);
        }
    }

    private async Task ApplyEntryAsync(
        int index,
        LayerSource layer,
        TarEntry entry,
        Dictionary<string, CapturedFile> files,
        List<string> notes,
        CancellationToken cancellationToken)
    {
        var path = LayerPaths.Normalize(entry.Name);
        if (path.Length == 0)
            return;

        if (LayerPaths.AsWhiteout(path) is { } whiteout)
        {
            RemoveLower(files, index, whiteout);
            return;
        }

        if (policy.MaxBytes(path) is not { } cap)
            return;

        switch (entry.EntryType)
        {
            case TarEntryType.SymbolicLink:
                files[path] = new CapturedFile(path, index, FileFacts.Nothing, LayerPaths.ResolveLink(path, entry.LinkName));
                return;
            case TarEntryType.HardLink:
                var target = LayerPaths.Normalize(entry.LinkName);
                if (files.TryGetValue(target, out var linked))
                    files[path] = linked with { Path = path, LayerIndex = index };
                else
                {
                    files.Remove(path);
                    notes.Add($"/{path} in layer {layer.Digest} is a hard link to /{target}, which was not captured");
                }

                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                break;
            default:
                files.Remove(path);
                return;
        }

        if (entry.Length > cap)
        {
            files.Remove(path);
            notes.Add($"/{path} in layer {layer.Digest} is {entry.Length} bytes, over the {cap}-byte limit, and was skipped");
            return;
        }

        FileFacts facts;
        var data = entry.DataStream ?? Stream.Null;
        try
        {
            facts = await policy.ReadAsync(path, data, entry.Length, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException
                                      or Microsoft.Data.Sqlite.SqliteException)
        {
            facts = FileFacts.Nothing;
            notes.Add($"/{path} in layer {layer.Digest} could not be read: {e.Message}");
        }

        files[path] = new CapturedFile(path, index, facts, null);
    }

    private static void RemoveLower(Dictionary<string, CapturedFile> files, int index, Whiteout whiteout)
    {
        List<string>? doomed = null;
        foreach (var (path, file) in files)
        {
            if (file.LayerIndex >= index)
                continue;
            var hidden = whiteout.Opaque
                ? LayerPaths.IsBelow(path, whiteout.Path)
                : LayerPaths.IsAtOrBelow(path, whiteout.Path);
            if (hidden)
                (doomed ??= []).Add(path);
        }

        if (doomed is null)
            return;
        foreach (var path in doomed)
            files.Remove(path);
    }
}
