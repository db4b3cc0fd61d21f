namespace ArtifactKeeper.Oci;

/// <summary>
/// A single-part HTTP <c>Range: bytes=…</c> request resolved against a blob size (RFC 9110 §14.1.2):
/// <c>a-b</c>, <c>a-</c> and suffix <c>-n</c>. Multi-part ranges are not served (clients don't use them).
/// </summary>
public readonly record struct ByteRange(long Offset, long Length)
{
    /// <summary>Outcome of reading a Range header.</summary>
    public enum Parse
    {
        /// <summary>No usable Range header: serve the whole blob.</summary>
        Whole = 0,
        Partial,
        Unsatisfiable,
    }

    public static Parse TryResolve(string? header, long size, out ByteRange range)
    {
        range = new ByteRange(0, size);
        if (string.IsNullOrWhiteSpace(header))
        {
            return Parse.Whole;
        }

        var value = header.Trim();
        if (!value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || value.Contains(',', StringComparison.Ordinal))
        {
            return Parse.Whole;
        }

        var spec = value.AsSpan(6).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return Parse.Whole;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            // A malformed suffix is ignored like any malformed Range; only a well-formed one can be unsatisfiable.
            if (!long.TryParse(last, out var suffix) || suffix < 0)
            {
                return Parse.Whole;
            }

            if (suffix == 0 || size == 0)
            {
                return Parse.Unsatisfiable;
            }

            var take = Math.Min(suffix, size);
            range = new ByteRange(size - take, take);
            return Parse.Partial;
        }

        if (!long.TryParse(first, out var start) || start < 0)
        {
            return Parse.Whole;
        }

        if (start >= size)
        {
            return Parse.Unsatisfiable;
        }

        long end;
        if (last.IsEmpty)
        {
            end = size - 1;
        }
        else if (!long.TryParse(last, out end) || end < start)
        {
            return Parse.Whole;
        }

        end = Math.Min(end, size - 1);
        range = new ByteRange(start, end - start + 1);
        return Parse.Partial;
    }
}
