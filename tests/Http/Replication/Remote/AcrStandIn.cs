using System.Text;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ArtifactKeeper.Tests.Http.Replication.Remote;

/// <summary>
/// Azure Container Registry's authentication on loopback: <c>/v2/</c> challenges with <c>Bearer realm=".../oauth2/token"</c>;
/// the token endpoint takes a service principal's application id and secret (or the admin user) as Basic and grants the
/// scopes asked for; listing tags needs the <c>metadata_read</c> action, while the challenge, like distribution's, names
/// only <c>pull</c> (the case Harbor's adapter works around by asking for <c>metadata_read</c> itself). It records the
/// scopes of every token request.
/// </summary>
public sealed class AcrStandIn : IAsyncDisposable
{
    public const string Repository = "team/app";
    private readonly Dictionary<string, string[]> _tokens = new(StringComparer.Ordinal);
    private readonly List<string> _requests = [];

    private LoopbackStandInHost _host = null!;

    public Uri BaseAddress => _host.BaseAddress;

    public string ClientId { get; } = Guid.NewGuid().ToString();

    public string ClientSecret { get; } = "Sp~" + Guid.NewGuid().ToString("N");

    public IReadOnlyList<string> Tags { get; } = ["v1", "v2", "v3"];

    /// <summary>The scopes of the tokens issued so far (space-joined), in order.</summary>
    public IReadOnlyList<string> TokenRequests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<AcrStandIn> StartAsync()
    {
        var standIn = new AcrStandIn();
        standIn._host = await LoopbackStandInHost.StartAsync(app =>
        {
            app.MapGet("/v2/", standIn.Base);
            app.MapGet("/oauth2/token", standIn.Token);
            app.MapGet("/v2/{**path}", standIn.TagList);
        });
        return standIn;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private string Service => BaseAddress.Authority;

    private IResult Base(HttpContext context) => Granted(context) is not null ? Results.Json(new { }) : Challenge(context, null);

    private IResult Token(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":" + ClientSecret));
        if (!string.Equals(context.Request.Headers.Authorization.ToString(), expected, StringComparison.Ordinal) ||
            context.Request.Query["service"] != Service)
        {
            return Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "authentication required" } } }, statusCode: 401);
        }

        var scopes = context.Request.Query["scope"].Where(s => !string.IsNullOrEmpty(s)).SelectMany(s => s!.Split(' ')).ToArray();
        var token = Guid.NewGuid().ToString("N");
        lock (_requests)
        {
            _requests.Add(string.Join(' ', scopes));
            _tokens[token] = scopes;
        }

        return Results.Json(new { access_token = token });
    }

    private IResult TagList(HttpContext context, string path)
    {
        const string suffix = "/tags/list";
        if (!path.EndsWith(suffix, StringComparison.Ordinal) || path[..^suffix.Length] != Repository)
        {
            return Results.NotFound();
        }

        var granted = Granted(context);
        if (granted is null || !granted.Any(s => s.StartsWith($"repository:{Repository}:", StringComparison.Ordinal) &&
                s[(s.LastIndexOf(':') + 1)..].Split(',').Contains("metadata_read")))
        {
            return Challenge(context, $"repository:{Repository}:pull");
        }

        return Results.Json(new { name = Repository, tags = Tags });
    }

    private string[]? Granted(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }

        lock (_requests)
        {
            return _tokens.GetValueOrDefault(authorization["Bearer ".Length..]);
        }
    }

    private IResult Challenge(HttpContext context, string? scope)
    {
        var realm = new Uri(BaseAddress, "/oauth2/token");
        context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{realm}\",service=\"{Service}\"" + (scope is null ? string.Empty : $",scope=\"{scope}\"");
        return Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "authentication required" } } }, statusCode: 401);
    }
}
