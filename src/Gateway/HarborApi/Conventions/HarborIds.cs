using System.Globalization;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi.Conventions;

/// <summary>
/// The numeric ids in Harbor's paths and queries (<c>{mid}</c>, <c>{id}</c>, <c>label_id</c>...): digits only,
/// no sign or spaces, above zero; anything else is the caller's mistake, answered 400 naming the parameter.
/// </summary>
public static class HarborIds
{
    public static bool TryParse(string? value, out long id) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    /// <summary>400 BAD_REQUEST saying which <paramref name="parameter"/> was not an id, quoting what came.</summary>
    public static IResult Invalid(string parameter, string? value)
    {
        var shown = value is { Length: > 64 } ? value[..64] + "…" : value;
        return HarborErrorResult.From(RegistryError.BadRequest, $"{parameter} must be a positive integer, not '{shown}'");
    }
}
