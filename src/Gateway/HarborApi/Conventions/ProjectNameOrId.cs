namespace ArtifactKeeper.HarborApi.Conventions;

/// <summary>
/// Harbor's <c>{project_name_or_id}</c> path segment: a number is a project id unless the request
/// says <c>X-Is-Resource-Name: true</c>, then it is a name like any other string.
/// </summary>
public sealed record ProjectNameOrId(long? Id, string? Name)
{
    public const string IsResourceNameHeader = "X-Is-Resource-Name";

    public static ProjectNameOrId Parse(string value, string? isResourceName)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsTrue(isResourceName) && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return new ProjectNameOrId(id, null);
        }

        return new ProjectNameOrId(null, value);
    }

    public override string ToString() => Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Name!;

    /// <summary>Go's strconv.ParseBool spellings of true, as Harbor reads the header.</summary>
    private static bool IsTrue(string? value) => value is "1" or "t" or "T" or "true" or "TRUE" or "True";
}
