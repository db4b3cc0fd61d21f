using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi;

/// <summary>Harbor's error envelope <c>{"errors":[{"code","message"}]}</c>.</summary>
public static class HarborErrorResult
{
    public static IResult From(RegistryError error, string message)
    {
        var (code, status) = HarborErrors.Describe(error);
        return Write(status, code, message);
    }

    public static IResult Write(int status, string code, string message) =>
        Results.Json(new { errors = new[] { new { code, message } } }, statusCode: status);
}
