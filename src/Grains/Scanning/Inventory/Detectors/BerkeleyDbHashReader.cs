using System.Buffers.Binary;

namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>
/// Reads the values of a BerkeleyDB hash database, as rpm's old <c>Packages</c> file is: the meta page gives the
/// page size, byte order and last page; every hash page lists key/value items, and rpm headers live in off-page
/// items whose bytes are chained across overflow pages.
/// </summary>
public static class BerkeleyDbHashReader
{
    private const uint HashMagic = 0x061561;
    private const int PageHeaderSize = 26;
    private const byte PageTypeHashUnsorted = 2;
    private const byte PageTypeOverflow = 7;
    private const byte PageTypeHash = 13;
    private const byte ItemOffPage = 3;

    public static IEnumerable<byte[]> ReadValues(ReadOnlySpan<byte> file)
    {
        if (file.Length < 512)
            throw new InvalidDataException("BerkeleyDB file is shorter than its meta page");
        var littleEndian = BinaryPrimitives.ReadUInt32LittleEndian(file[12..]) == HashMagic;
        if (!littleEndian && BinaryPrimitives.ReadUInt32BigEndian(file[12..]) != HashMagic)
            throw new InvalidDataException("not a BerkeleyDB hash database");
        var pageSize = (int)U32(file, 20, littleEndian);
        var lastPage = U32(file, 32, littleEndian);
        if (pageSize < 512 || pageSize > 65536 || (long)(lastPage + 1) * pageSize > file.Length)
            throw new InvalidDataException("BerkeleyDB meta page has an invalid page size or page count");

        var values = new List<byte[]>();
        for (var pageNo = 1u; pageNo <= lastPage; pageNo++)
        {
            var page = file.Slice((int)(pageNo * pageSize), pageSize);
            var type = page[25];
            if (type is not (PageTypeHash or PageTypeHashUnsorted))
                continue;
            var entries = U16(page, 20, littleEndian);
            for (var i = 1; i < entries; i += 2)
            {
                var itemOffset = U16(page, PageHeaderSize + (2 * i), littleEndian);
                if (itemOffset + 12 > page.Length || page[itemOffset] != ItemOffPage)
                    continue;
                var firstPage = U32(page, itemOffset + 4, littleEndian);
                var length = U32(page, itemOffset + 8, littleEndian);
                values.Add(ReadOverflow(file, pageSize, firstPage, length, littleEndian));
            }
        }

        return values;
    }

    private static byte[] ReadOverflow(ReadOnlySpan<byte> file, int pageSize, uint pageNo, uint length, bool littleEndian)
    {
        using var value = new MemoryStream((int)Math.Min(length, 64 * 1024 * 1024));
        var hops = 0;
        while (pageNo != 0)
        {
            if ((long)(pageNo + 1) * pageSize > file.Length || ++hops > 1_000_000)
                throw new InvalidDataException("BerkeleyDB overflow chain leaves the file");
            var page = file.Slice((int)(pageNo * pageSize), pageSize);
            if (page[25] != PageTypeOverflow)
                throw new InvalidDataException("BerkeleyDB overflow chain reaches a page that is not an overflow page");
            var next = U32(page, 16, littleEndian);
            var used = next == 0 ? U16(page, 22, littleEndian) : pageSize - PageHeaderSize;
            value.Write(page.Slice(PageHeaderSize, Math.Min(used, pageSize - PageHeaderSize)));
            pageNo = next;
        }

        return value.ToArray();
    }

    private static uint U32(ReadOnlySpan<byte> data, int offset, bool littleEndian)
        => littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);

    private static int U16(ReadOnlySpan<byte> data, int offset, bool littleEndian)
        => littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
}
