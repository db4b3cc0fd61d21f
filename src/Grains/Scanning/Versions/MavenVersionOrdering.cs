namespace ArtifactKeeper.Scanning.Versions;

/// <summary>
/// Maven's ordering (<c>org.apache.maven.artifact.versioning.ComparableVersion</c>, Maven 3.8), case-insensitive:
/// the version splits into items at '.', at '-' (which also opens a nested list) and at every digit/letter
/// transition (which opens a nested list too); an empty item is 0. Numbers compare by value; qualifiers rank
/// alpha &lt; beta &lt; milestone &lt; rc = cr &lt; snapshot &lt; "" = ga = final = release &lt; sp &lt; any other word
/// (others by text), with a, b and m directly followed by a digit meaning alpha, beta and milestone. A number is
/// above a qualifier and a nested list; a nested list is above a qualifier. Trailing nulls (0, release qualifiers,
/// empty lists) are dropped from each list, and a missing item compares as null, which pads the shorter side
/// ("1" = "1.0" = "1-0" = "1.ga"; "1.0-SNAPSHOT" &lt; "1.0" &lt; "1.0-1" &lt; "1.0.1").
/// Every string is a Maven version; only an empty one is refused.
/// </summary>
public sealed class MavenVersionOrdering : ParsedVersionOrdering<MavenVersionOrdering.ListItem>
{
    public static readonly MavenVersionOrdering Instance = new();

    private static readonly string[] Qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

    public override string Scheme => "maven";

    /// <summary>One item of a parsed version: a number (digit text), a qualifier, or a nested list.</summary>
    public abstract class Item
    {
        /// <summary>Sign of this item against <paramref name="other"/>; null stands for a missing item (padding).</summary>
        public abstract int CompareTo(Item? other);

        public abstract bool IsNull { get; }
    }

    private sealed class NumberItem(string digits) : Item
    {
        public string Digits { get; } = digits.TrimStart('0');

        public override bool IsNull => Digits.Length == 0;

        public override int CompareTo(Item? other) => other switch
        {
            null => IsNull ? 0 : 1,
            NumberItem number => VersionText.CompareNumeric(Digits, number.Digits),
            _ => 1,
        };
    }

    private sealed class QualifierItem : Item
    {
        public QualifierItem(string value, bool followedByDigit)
        {
            if (followedByDigit && value.Length == 1)
                value = value switch { "a" => "alpha", "b" => "beta", "m" => "milestone", _ => value };
            value = value switch { "ga" or "final" or "release" => "", "cr" => "rc", _ => value };
            var index = Array.IndexOf(Qualifiers, value);
            Rank = index >= 0 ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Qualifiers.Length}-{value}";
        }

        /// <summary>Maven's comparable qualifier: the index of a known one, or "7-word"; compared as text.</summary>
        public string Rank { get; }

        public override bool IsNull => Rank == "5";

        public override int CompareTo(Item? other) => other switch
        {
            null => Math.Sign(string.CompareOrdinal(Rank, "5")),
            QualifierItem qualifier => Math.Sign(string.CompareOrdinal(Rank, qualifier.Rank)),
            _ => -1,
        };
    }

    public sealed class ListItem : Item
    {
        public List<Item> Items { get; } = [];

        public override bool IsNull => Items.Count == 0;

        public override int CompareTo(Item? other)
        {
            switch (other)
            {
                case null:
                    foreach (var item in Items)
                    {
                        var result = item.CompareTo(null);
                        if (result != 0)
                            return result;
                    }

                    return 0;
                case NumberItem:
                    return -1;
                case QualifierItem:
                    return 1;
                case ListItem list:
                    for (var i = 0; i < Math.Max(Items.Count, list.Items.Count); i++)
                    {
                        var left = i < Items.Count ? Items[i] : null;
                        var right = i < list.Items.Count ? list.Items[i] : null;
                        var result = left is null ? (right is null ? 0 : -right.CompareTo(null)) : left.CompareTo(right);
                        if (result != 0)
                            return result;
                    }

                    return 0;
                default:
                    return 0;
            }
        }

        /// <summary>Drops trailing null items, looking through (not into) nested lists at the end.</summary>
        public void Normalize()
        {
            for (var i = Items.Count - 1; i >= 0; i--)
            {
                if (Items[i].IsNull)
                    Items.RemoveAt(i);
                else if (Items[i] is not ListItem)
                    break;
            }
        }
    }

    protected override ListItem? Parse(string version)
    {
        var text = version.Trim().ToLowerInvariant();
        if (text.Length == 0)
            return null;

        var root = new ListItem();
        var list = root;
        var opened = new Stack<ListItem>();
        opened.Push(root);
        var isDigit = false;
        var start = 0;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '.' or '-')
            {
                list.Items.Add(i == start ? new NumberItem("0") : LeafItem(text[start..i], isDigit));
                start = i + 1;
                if (c == '-')
                    list = Open(list, opened);
            }
            else if (VersionText.IsDigit(c))
            {
                if (!isDigit && i > start)
                {
                    list.Items.Add(new QualifierItem(text[start..i], followedByDigit: true));
                    start = i;
                    list = Open(list, opened);
                }

                isDigit = true;
            }
            else
            {
                if (isDigit && i > start)
                {
                    list.Items.Add(new NumberItem(text[start..i]));
                    start = i;
                    list = Open(list, opened);
                }

                isDigit = false;
            }
        }

        if (text.Length > start)
            list.Items.Add(LeafItem(text[start..], isDigit));

        while (opened.Count > 0)
            opened.Pop().Normalize();
        return root;
    }

    protected override int CompareParsed(ListItem a, ListItem b) => a.CompareTo(b);

    private static Item LeafItem(string text, bool isDigit) =>
        isDigit ? new NumberItem(text) : new QualifierItem(text, followedByDigit: false);

    private static ListItem Open(ListItem parent, Stack<ListItem> opened)
    {
        var child = new ListItem();
        parent.Items.Add(child);
        opened.Push(child);
        return child;
    }
}
