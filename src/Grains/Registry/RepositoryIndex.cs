using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Registry;

/// <summary>
/// The in-memory view of one repository: manifests by digest, tags in ordinal order and the
/// referrers index (subject digest to the manifests that name it). Pure: the repository grain
/// persists first, then applies the same change here.
/// </summary>
public sealed class RepositoryIndex
{
    private readonly Dictionary<string, StoredManifest> _manifests = new(StringComparer.Ordinal);
    private SortedList<string, string> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _tagsByDigest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _referrers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _blobReferences = new(StringComparer.Ordinal);

    public int ManifestCount => _manifests.Count;

    public void Load(RepositorySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var manifest in snapshot.Manifests)
        {
            AddManifest(manifest);
        }

        foreach (var tag in snapshot.Tags)
        {
            SetTag(tag.Name, tag.Digest);
        }
    }

    public bool ContainsManifest(string digest) => _manifests.ContainsKey(digest);

    public StoredManifest? FindByDigest(string digest) => _manifests.GetValueOrDefault(digest);

    public StoredManifest? FindByTag(string tag) =>
        _tags.TryGetValue(tag, out var digest) ? _manifests.GetValueOrDefault(digest) : null;

    public bool ContainsTag(string tag) => _tags.ContainsKey(tag);

    /// <summary>Whether any manifest here names <paramref name="digest"/> as its config or a layer.</summary>
    public bool ReferencesBlob(string digest) => _blobReferences.ContainsKey(digest);

    /// <summary>
    /// The blobs no manifest would reference once <paramref name="going"/> (manifests held here) were removed: those
    /// whose every reference comes from them.
    /// </summary>
    public IReadOnlyList<string> BlobsReleasedBy(IEnumerable<ManifestRecord> going)
    {
        ArgumentNullException.ThrowIfNull(going);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reference in going.SelectMany(m => m.References).Where(r => r.Kind == ReferenceKind.Blob))
        {
            counts[reference.Digest] = counts.GetValueOrDefault(reference.Digest) + 1;
        }

        return counts.Where(c => _blobReferences.GetValueOrDefault(c.Key) == c.Value).Select(c => c.Key).ToList();
    }

    /// <summary>Every manifest, in no particular order.</summary>
    public IEnumerable<StoredManifest> Manifests => _manifests.Values;

    /// <summary>The digests at least one tag points at.</summary>
    public IReadOnlySet<string> TaggedDigests() => _tags.Values.ToHashSet(StringComparer.Ordinal);

    public void AddManifest(ManifestRecord record, string? tag = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_manifests.TryAdd(record.Digest, new StoredManifest(record)))
        {
            if (tag is not null)
            {
                SetTag(tag, record.Digest);
            }

            return;
        }

        CountBlobReferences(record, +1);
        if (record.Subject is { } subject)
        {
            if (!_referrers.TryGetValue(subject, out var set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                _referrers[subject] = set;
            }

            set.Add(record.Digest);
        }

        if (tag is not null)
        {
            SetTag(tag, record.Digest);
        }
    }

    public void RemoveManifest(string digest)
    {
        if (!_manifests.Remove(digest, out var removed))
        {
            return;
        }

        CountBlobReferences(removed.Record, -1);
        if (removed.Record.Subject is { } subject && _referrers.TryGetValue(subject, out var set))
        {
            set.Remove(digest);
            if (set.Count == 0)
            {
                _referrers.Remove(subject);
            }
        }

        foreach (var tag in TagsOf(digest))
        {
            RemoveTag(tag);
        }
    }

    /// <summary>
    /// Removes <paramref name="tags"/>, then the manifests <paramref name="digests"/> with their tags, as
    /// <see cref="RemoveTag"/> and <see cref="RemoveManifest"/> one by one would, but rebuilds the tag list once
    /// instead of closing each gap in it (retention removes thousands of tags at a time).
    /// </summary>
    public void RemoveMany(IReadOnlyCollection<string> tags, IReadOnlyCollection<string> digests)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(digests);
        var goneTags = new HashSet<string>(tags.Where(_tags.ContainsKey), StringComparer.Ordinal);
        foreach (var digest in digests)
        {
            goneTags.UnionWith(TagsOf(digest));
        }

        if (goneTags.Count < 64)
        {
            foreach (var tag in goneTags)
            {
                RemoveTag(tag);
            }
        }
        else
        {
            var kept = new SortedList<string, string>(Math.Max(_tags.Count - goneTags.Count, 0), StringComparer.Ordinal);
            foreach (var (tag, digest) in _tags)
            {
                if (goneTags.Contains(tag))
                {
                    ForgetTagOf(digest, tag);
                }
                else
                {
                    // In key order, so every add appends.
                    kept.Add(tag, digest);
                }
            }

            _tags = kept;
        }

        foreach (var digest in digests)
        {
            RemoveManifest(digest);
        }
    }

    public bool RemoveTag(string tag)
    {
        if (!_tags.Remove(tag, out var digest))
        {
            return false;
        }

        ForgetTagOf(digest, tag);
        return true;
    }

    /// <summary>The tags pointing at <paramref name="digest"/>, in ordinal order.</summary>
    public IReadOnlyList<string> TagsOf(string digest) =>
        _tagsByDigest.TryGetValue(digest, out var tags) ? [.. tags] : [];

    /// <summary>Tags sorted ordinally, strictly after <paramref name="last"/>, at most <paramref name="limit"/>.</summary>
    public TagPage ListTags(string? last, int? limit)
    {
        var keys = _tags.Keys;
        var start = 0;
        if (last is not null)
        {
            start = LowerBound(keys, last);
            if (start < keys.Count && string.Equals(keys[start], last, StringComparison.Ordinal))
            {
                start++;
            }
        }

        var remaining = keys.Count - start;
        var take = limit is { } n ? Math.Min(Math.Max(n, 0), remaining) : remaining;
        var page = new string[take];
        for (var i = 0; i < take; i++)
        {
            page[i] = keys[start + i];
        }

        return new TagPage(page, take < remaining);
    }

    /// <summary>Manifests whose subject is <paramref name="subject"/>, ordered by digest for stable output.</summary>
    public IReadOnlyList<ManifestRecord> ReferrersOf(string subject) =>
        _referrers.TryGetValue(subject, out var set)
            ? set.Order(StringComparer.Ordinal).Select(d => _manifests[d].Record).ToList()
            : [];

    /// <summary>Points <paramref name="tag"/> at <paramref name="digest"/>, moving it off the digest it named before.</summary>
    private void SetTag(string tag, string digest)
    {
        if (_tags.TryGetValue(tag, out var previous))
        {
            if (string.Equals(previous, digest, StringComparison.Ordinal))
            {
                return;
            }

            ForgetTagOf(previous, tag);
        }

        _tags[tag] = digest;
        if (!_tagsByDigest.TryGetValue(digest, out var tags))
        {
            tags = new SortedSet<string>(StringComparer.Ordinal);
            _tagsByDigest[digest] = tags;
        }

        tags.Add(tag);
    }

    private void ForgetTagOf(string digest, string tag)
    {
        if (_tagsByDigest.TryGetValue(digest, out var tags) && tags.Remove(tag) && tags.Count == 0)
        {
            _tagsByDigest.Remove(digest);
        }
    }

    private void CountBlobReferences(ManifestRecord record, int delta)
    {
        foreach (var reference in record.References)
        {
            if (reference.Kind != ReferenceKind.Blob)
            {
                continue;
            }

            var count = _blobReferences.GetValueOrDefault(reference.Digest) + delta;
            if (count > 0)
            {
                _blobReferences[reference.Digest] = count;
            }
            else
            {
                _blobReferences.Remove(reference.Digest);
            }
        }
    }

    private static int LowerBound(IList<string> keys, string value)
    {
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(keys[mid], value) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
