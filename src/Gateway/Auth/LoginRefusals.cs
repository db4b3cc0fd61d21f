using System.Globalization;
using ArtifactKeeper.HarborApi;
using ArtifactKeeper.Oci;

namespace ArtifactKeeper.Auth;

/// <summary>The 429 a throttled login gets, in the envelope its client parses, always with <c>Retry-After</c>.</summary>
public static class LoginRefusals
{
    public const string OciCode = "TOOMANYREQUESTS";
    public const string HarborCode = "TOO_MANY_REQUESTS";
    private const string Message = "too many failed login attempts; try again later";

    /// <summary>OCI shape, for <c>/v2</c> and the token server (distribution's TOOMANYREQUESTS).</summary>
    public static IResult Oci(HttpContext context, TimeSpan retryAfter)
    {
        SetRetryAfter(context, retryAfter);
        return OciErrorResult.Custom(StatusCodes.Status429TooManyRequests, OciCode, Message);
    }

    /// <summary>Harbor's envelope, for <c>/api/v2.0</c>.</summary>
    public static IResult Harbor(HttpContext context, TimeSpan retryAfter)
    {
        SetRetryAfter(context, retryAfter);
        return HarborErrorResult.Write(StatusCodes.Status429TooManyRequests, HarborCode, Message);
    }

    /// <summary>Whole seconds, rounded up and at least 1, so a client never retries before the lockout ends.</summary>
    public static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    private static void SetRetryAfter(HttpContext context, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
    }
}
