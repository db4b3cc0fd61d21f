namespace ArtifactKeeper.Retention;

/// <summary>
/// Splits a plan's deletions (in plan order: every artifact after those it depends on) into waves that may run
/// concurrently: a deletion goes one wave after the latest artifact deletion it is anchored to, or in the first wave.
/// </summary>
public static class RetentionWaves
{
    public static IReadOnlyList<IReadOnlyList<RetentionDeletion>> Of(IReadOnlyList<RetentionDeletion> deletions)
    {
        ArgumentNullException.ThrowIfNull(deletions);
        var waveOfArtifact = new Dictionary<string, int>(StringComparer.Ordinal);
        var waves = new List<List<RetentionDeletion>>();
        foreach (var deletion in deletions)
        {
            var wave = 0;
            foreach (var anchor in deletion.Anchors)
            {
                if (waveOfArtifact.TryGetValue(anchor, out var anchorWave))
                {
                    wave = Math.Max(wave, anchorWave + 1);
                }
            }

            if (deletion.Kind == RetentionDeletionKind.Artifact)
            {
                waveOfArtifact[deletion.Digest] = wave;
            }

            while (waves.Count <= wave)
            {
                waves.Add([]);
            }

            waves[wave].Add(deletion);
        }

        return waves;
    }
}
