namespace ArtifactKeeper.Audit;

/// <summary>
/// One thing that happened, as a feature reports it: who did what to which resource, when, and whether it
/// worked. <see cref="ProjectId"/> is set when the event belongs to a project (its logs list it).
/// <see cref="Description"/> is Harbor's <c>operation_description</c>; it must never hold a secret.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditEvent(
    string Username,
    string Resource,
    string ResourceType,
    string Operation,
    bool Succeeded,
    DateTimeOffset OpTime,
    long? ProjectId,
    string? Description);

/// <summary>A stored audit record: the event and the id the store gave it.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditLogEntry(
    long Id,
    AuditEvent Event);

/// <summary>How an <see cref="AuditFilter"/> compares (Harbor's <c>q</c> value kinds).</summary>
public enum AuditMatch
{
    /// <summary>Equal to the one value.</summary>
    Exact = 0,
    /// <summary>Contains the one value, case-insensitively.</summary>
    Fuzzy,
    /// <summary>Between Values[0] and Values[1], inclusive; an empty string leaves that side open.</summary>
    Range,
    /// <summary>Equal to any of the values.</summary>
    AnyOf,
    /// <summary>Equal to every value.</summary>
    AllOf,
}

/// <summary>
/// One filter on an audit field, already validated: <c>op_time</c> values are unix milliseconds and
/// <c>id</c>/<c>project_id</c> values integers, both in invariant text.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditFilter(
    string Field,
    AuditMatch Match,
    IReadOnlyList<string> Values);

/// <summary>One sort key on an audit field.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditSort(
    string Field,
    bool Descending);

/// <summary>
/// A page of audit records. <see cref="ProjectIds"/> null means every record (the system admin);
/// otherwise only records of those projects (an empty list: none). <see cref="Page"/> is 1-based.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditLogQuery(
    IReadOnlyList<AuditFilter> Filters,
    IReadOnlyList<AuditSort> Sorts,
    int Page,
    int PageSize,
    IReadOnlyList<long>? ProjectIds)
{
    public long Offset => (long)(Page - 1) * PageSize;
}

/// <summary>One page of audit records and how many match on all pages.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditLogPage(
    IReadOnlyList<AuditLogEntry> Items,
    long Total);
