namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// One filter value of a list query (Harbor's <c>q</c> terms). Values stay strings; the store that
/// owns the column decides how to compare them (text, integer, boolean).
/// </summary>
public abstract record QueryValue;

/// <summary><c>key=value</c>: equal.</summary>
public sealed record ExactValue(string Value) : QueryValue;

/// <summary><c>key=~value</c>: contains, case-insensitively.</summary>
public sealed record FuzzyValue(string Value) : QueryValue;

/// <summary><c>key=[min~max]</c>: inclusive bounds; at least one is set.</summary>
public sealed record RangeValue(string? Min, string? Max) : QueryValue;

/// <summary><c>key={v1 v2}</c>: equal to any of the values.</summary>
public sealed record OrListValue(IReadOnlyList<string> Values) : QueryValue;

/// <summary><c>key=(v1 v2)</c>: matches every value.</summary>
public sealed record AndListValue(IReadOnlyList<string> Values) : QueryValue;
