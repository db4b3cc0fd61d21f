using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Replication.Transfer.Remote.Auth;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ArtifactKeeper.Tests.Http.Replication.Remote;

/// <summary>
/// Loopback stand-ins for the hosted services' own APIs (one Kestrel app, 127.0.0.1, a free port):
/// Docker Hub's token login (JWT-shaped tokens with an <c>exp</c>, revocable), namespace and repository listing (paged by
/// <c>next</c>) and organizations (<c>GET /v2/orgs/{name}/</c>, <c>POST /v2/orgs/</c>), Quay's repository listing (paged by
/// <c>next_page</c>) and organizations, ECR's JSON API (<c>GetAuthorizationToken</c>, <c>DescribeRepositories</c>,
/// <c>CreateRepository</c>, <c>BatchDeleteImage</c> against the registry given to <see cref="UseEcrRegistry"/>; each
/// checks the SigV4 signature with the secret it knows), and Harbor's project API (existence check, create, listing)
/// with a catalog that is refused as it is for non-administrators. Hub and ECR calls are recorded, to count them.
/// </summary>
public sealed class HostedServiceStandIns : IAsyncDisposable
{
    public const string HubUser = "acme";
    public const string EcrAccessKey = "AKIDLOOPBACK";
    public const string EcrRegion = "eu-west-3";
    public const string EcrAccount = "123456789012";
    public const string HubOrganization = "acme-org";
    public const string QuayNamespace = "quayorg";

    /// <summary>The user the Quay OAuth2 token belongs to; a member of <see cref="QuayNamespace"/> only.</summary>
    public const string QuayUser = "quayuser";
    /// <summary>An organization Hub refuses to create (the account may not create organizations, say).</summary>
    public const string HubRefusedOrganization = "refused-org";

    /// <summary>Hub's lifetime of its web API tokens.</summary>
    public static readonly TimeSpan HubTokenLifetime = TimeSpan.FromMinutes(10);
    private readonly HashSet<string> _projects = new(StringComparer.Ordinal) { "existing" };
    private readonly HashSet<string> _ecrRepositories = new(StringComparer.Ordinal) { "team/existing", "team/listed-1", "team/listed-2", "zz/listed-3" };
    private readonly HashSet<string> _quayOrganizations = new(StringComparer.Ordinal) { QuayNamespace };
    private int _ecrTokens;
    private int _quayCreates;
    private int _ecrCreates;
    private int _hubLogins;
    private readonly HashSet<string> _hubTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _hubOrganizations = new(StringComparer.Ordinal) { HubOrganization, "library", "bitnami" };
    private readonly List<HubCall> _hubCalls = [];
    private readonly List<string> _hubCreationRequests = [];
    private readonly List<EcrCall> _ecrCalls = [];
    private HttpClient? _ecrRegistry;

    private LoopbackStandInHost _host = null!;

    public Uri BaseAddress => _host.BaseAddress;

    public string HubPassword { get; } = "Hub-" + Guid.NewGuid().ToString("N")[..12];

    public string EcrSecret { get; } = "Secret/" + Guid.NewGuid().ToString("N");

    /// <summary>The registry password the ECR stand-in hands out (as <c>AWS:password</c>).</summary>
    public string EcrRegistryPassword { get; } = "Ecr-" + Guid.NewGuid().ToString("N")[..16];

    public string HarborUser { get; } = "admin";

    public string HarborPassword { get; } = "Hb-" + Guid.NewGuid().ToString("N")[..12];

    public int EcrTokensIssued => Volatile.Read(ref _ecrTokens);

    /// <summary>Successful Docker Hub logins.</summary>
    public int HubLogins => Volatile.Read(ref _hubLogins);

    /// <summary>Docker Hub web API calls (login excepted), in order.</summary>
    public IReadOnlyList<HubCall> HubCalls
    {
        get
        {
            lock (_hubCalls)
            {
                return [.. _hubCalls];
            }
        }
    }

    /// <summary>How many authorized <c>POST /v2/orgs/</c> asked for <paramref name="organization"/>.</summary>
    public int HubCreationRequests(string organization)
    {
        lock (_hubCalls)
        {
            return _hubCreationRequests.Count(n => n == organization);
        }
    }

    /// <summary>Docker Hub's organizations.</summary>
    public IReadOnlyCollection<string> HubOrganizations
    {
        get
        {
            lock (_hubOrganizations)
            {
                return [.. _hubOrganizations];
            }
        }
    }

    /// <summary>ECR API calls with a valid signature (token requests excepted), in order.</summary>
    public IReadOnlyList<EcrCall> EcrCalls
    {
        get
        {
            lock (_ecrCalls)
            {
                return [.. _ecrCalls];
            }
        }
    }

    /// <summary>CreateRepository calls received (created or refused as existing).</summary>
    public int EcrCreateCalls => Volatile.Read(ref _ecrCreates);

    /// <summary>Names DescribeRepositories calls missing but CreateRepository finds existing (a concurrent creator won).</summary>
    public IReadOnlySet<string> EcrRacedRepositories { get; } = new HashSet<string>(StringComparer.Ordinal) { "team/raced" };

    /// <summary>Repositories of the ECR stand-in's registry.</summary>
    public IReadOnlyCollection<string> EcrRepositories
    {
        get
        {
            lock (_ecrRepositories)
            {
                return [.. _ecrRepositories];
            }
        }
    }

    /// <summary>Hub repositories of <see cref="HubUser"/>'s namespace.</summary>
    public IReadOnlyList<string> HubRepositories => HubRepositoriesByNamespace[HubUser];

    /// <summary>The namespaces of <see cref="HubUser"/>'s account (its own and an organization's).</summary>
    public IReadOnlyList<string> HubAccountNamespaces { get; } = [HubUser, HubOrganization];

    /// <summary>Hub's repositories per namespace: the account's, and public ones anyone may list.</summary>
    public IReadOnlyDictionary<string, string[]> HubRepositoriesByNamespace { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [HubUser] = ["app-a", "app-b", "app-c", "app-d", "app-e"],
        [HubOrganization] = ["tool-x", "tool-y", "tool-z"],
        ["library"] = ["alpine", "busybox", "nginx"],
        ["bitnami"] = ["redis", "postgresql"],
    };

    /// <summary>The OAuth2 token of the Quay stand-in's API.</summary>
    public string QuayToken { get; } = "Qt-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Quay's repositories (namespace, name, public).</summary>
    public IReadOnlyList<(string Namespace, string Name, bool Public)> QuayRepositories { get; } =
    [
        (QuayNamespace, "pub-1", true), (QuayNamespace, "priv-1", false), (QuayNamespace, "pub-2", true),
        (QuayNamespace, "priv-2", false), (QuayNamespace, "pub-3", true), ("elsewhere", "other", true), (QuayUser, "mine", false),
    ];

    /// <summary>POST /api/v1/organization/ calls received.</summary>
    public int QuayCreateCalls => Volatile.Read(ref _quayCreates);

    public IReadOnlyCollection<string> QuayOrganizations
    {
        get
        {
            lock (_quayOrganizations)
            {
                return [.. _quayOrganizations];
            }
        }
    }

    /// <summary>Projects and their repositories behind the Harbor stand-in's API.</summary>
    public IReadOnlyDictionary<string, string[]> HarborRepositories { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["existing"] = ["existing/one", "existing/two"],
        ["other"] = ["other/three"],
    };

    public IReadOnlyCollection<string> Projects
    {
        get
        {
            lock (_projects)
            {
                return [.. _projects];
            }
        }
    }

    public static async Task<HostedServiceStandIns> StartAsync()
    {
        var standIns = new HostedServiceStandIns();
        standIns._host = await LoopbackStandInHost.StartAsync(app =>
        {
            app.MapPost("/v2/auth/token", (Delegate)standIns.HubLoginAsync);
            app.MapGet("/v2/repositories/namespaces", standIns.HubNamespaces);
            app.MapGet("/v2/repositories/{ns}/", standIns.HubRepositoryPage);
            app.MapGet("/v2/orgs/{name}/", standIns.HubOrganizationLookup);
            app.MapPost("/v2/orgs/", (Delegate)standIns.HubCreateOrganizationAsync);
            app.MapGet("/api/v1/repository", standIns.QuayRepositoryPage);
            app.MapGet("/api/v1/organization/{name}", standIns.QuayOrganization);
            app.MapGet("/api/v1/user/", standIns.QuayTokenUser);
            app.MapPost("/api/v1/organization/", (Delegate)standIns.QuayCreateOrganizationAsync);
            app.MapPost("/", (Delegate)standIns.EcrApiAsync);
            app.MapGet("/v2/_catalog", () => Results.StatusCode(401));
            app.MapMethods("/api/v2.0/projects", ["HEAD"], standIns.HarborProjectExists);
            app.MapPost("/api/v2.0/projects", (Delegate)standIns.HarborCreateProjectAsync);
            app.MapGet("/api/v2.0/projects", standIns.HarborProjectPage);
            app.MapGet("/api/v2.0/projects/{project}/repositories", standIns.HarborRepositoryPage);
        });
        return standIns;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _ecrRegistry?.Dispose();
    }

    /// <summary>The registry behind the ECR stand-in (with its <c>AWS</c> login), which <c>BatchDeleteImage</c> deletes from.</summary>
    public void UseEcrRegistry(Uri registry)
    {
        _ecrRegistry = new HttpClient { BaseAddress = registry };
        _ecrRegistry.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + EcrRegistryPassword)));
    }

    /// <summary>Makes every Hub token issued so far invalid (as an expired or revoked one): the API answers 401 to it.</summary>
    public void RevokeHubTokens()
    {
        lock (_hubTokens)
        {
            _hubTokens.Clear();
        }
    }

    /// <summary>How many Hub calls of <paramref name="method"/> went to <paramref name="path"/>.</summary>
    public int HubCallCount(string method, string path) => HubCalls.Count(c => c.Method == method && c.Path == path);

    /// <summary>How many ECR calls of <paramref name="action"/> named <paramref name="repository"/>.</summary>
    public int EcrCallCount(string action, string repository) => EcrCalls.Count(c => c.Action == action && c.Repository == repository);

    // Hub's tokens are JWTs whose exp says when they die; the client does not check the signature, so it is only a placeholder.
    private async Task<IResult> HubLoginAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        if ((string?)body?["identifier"] != HubUser || (string?)body?["secret"] != HubPassword)
        {
            return Results.Json(new { detail = "Incorrect authentication credentials" }, statusCode: 401);
        }

        var claims = new JsonObject
        {
            ["sub"] = HubUser,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["exp"] = DateTimeOffset.UtcNow.Add(HubTokenLifetime).ToUnixTimeSeconds(),
        };
        var token = Base64Url("""{"alg":"RS256","typ":"JWT"}"""u8.ToArray()) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString())) + "." +
            Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        lock (_hubTokens)
        {
            _hubTokens.Add(token);
        }

        Interlocked.Increment(ref _hubLogins);
        return Results.Json(new { access_token = token });
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // Records the call, then answers whether it carries a live token.
    private bool HubAuthorized(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        bool live;
        lock (_hubTokens)
        {
            live = token is not null && _hubTokens.Contains(token);
        }

        lock (_hubCalls)
        {
            _hubCalls.Add(new HubCall(context.Request.Method, context.Request.Path.Value!, token, live));
        }

        return live;
    }

    private static IResult HubUnauthorized() => Results.Json(new { detail = "Authentication credentials were not provided or are invalid" }, statusCode: 401);

    private IResult HubOrganizationLookup(HttpContext context, string name)
    {
        if (!HubAuthorized(context))
        {
            return HubUnauthorized();
        }

        lock (_hubOrganizations)
        {
            return _hubOrganizations.Contains(name)
                ? Results.Json(new { orgname = name, full_name = name })
                : Results.Json(new { message = "Organization not found" }, statusCode: 404);
        }
    }

    private async Task<IResult> HubCreateOrganizationAsync(HttpContext context)
    {
        if (!HubAuthorized(context))
        {
            return HubUnauthorized();
        }

        var body = await JsonNode.ParseAsync(context.Request.Body);
        var name = (string?)body?["orgname"];
        lock (_hubCalls)
        {
            _hubCreationRequests.Add(name ?? string.Empty);
        }

        if (string.IsNullOrEmpty(name) || body?["full_name"] is null || body["company"] is null)
        {
            return Results.Json(new { message = "orgname, full_name and company are required" }, statusCode: 400);
        }

        if (name == HubRefusedOrganization)
        {
            return Results.Json(new { message = "You have reached the maximum number of organizations for this account" }, statusCode: 403);
        }

        lock (_hubOrganizations)
        {
            return _hubOrganizations.Add(name)
                ? Results.Json(new { orgname = name, full_name = (string?)body["full_name"] }, statusCode: 201)
                : Results.Json(new { message = "The name is already taken" }, statusCode: 400);
        }
    }

    private IResult HubNamespaces(HttpContext context) =>
        HubAuthorized(context) ? Results.Json(new { namespaces = HubAccountNamespaces }) : Results.StatusCode(401);

    // The account's namespaces need its token; public ones (library, bitnami) answer anyone.
    private IResult HubRepositoryPage(HttpContext context, string ns)
    {
        var authorized = HubAuthorized(context);
        if (context.Request.Headers.Authorization.Count > 0 && !authorized)
        {
            return Results.StatusCode(401);
        }

        if (!HubRepositoriesByNamespace.TryGetValue(ns, out var all) || (HubAccountNamespaces.Contains(ns) && !authorized))
        {
            return Results.NotFound();
        }

        var size = int.Parse(context.Request.Query["page_size"].ToString(), CultureInfo.InvariantCulture);
        var page = int.TryParse(context.Request.Query["page"], CultureInfo.InvariantCulture, out var p) ? p : 1;
        var items = all.Skip((page - 1) * size).Take(size).Select(name => new { name, @namespace = ns }).ToList();
        var more = page * size < all.Length;
        var next = more ? new Uri(BaseAddress, $"/v2/repositories/{ns}/?page={page + 1}&page_size={size}").ToString() : null;
        return Results.Json(new { count = all.Length, next, results = items });
    }

    private bool QuayAuthorized(HttpContext context) =>
        string.Equals(context.Request.Headers.Authorization.ToString(), "Bearer " + QuayToken, StringComparison.Ordinal);

    // Quay's listing: namespace required; private repositories only for the token; next_page is opaque (an offset here).
    private IResult QuayRepositoryPage(HttpContext context)
    {
        var authorized = QuayAuthorized(context);
        if (context.Request.Headers.Authorization.Count > 0 && !authorized)
        {
            return Results.Json(new { error = "invalid_token" }, statusCode: 401);
        }

        var ns = context.Request.Query["namespace"].ToString();
        if (string.IsNullOrEmpty(ns) || context.Request.Query["public"] != "true")
        {
            return Results.Json(new { error_message = "namespace, starred or public are required for this API call" }, statusCode: 400);
        }

        var visible = QuayRepositories.Where(r => r.Namespace == ns && (r.Public || authorized)).ToList();
        var offset = int.TryParse(context.Request.Query["next_page"], CultureInfo.InvariantCulture, out var o) ? o : 0;
        const int size = 2;
        var page = visible.Skip(offset).Take(size).Select(r => new { @namespace = r.Namespace, name = r.Name, is_public = r.Public });
        return offset + size < visible.Count
            ? Results.Json(new { repositories = page, next_page = (offset + size).ToString(CultureInfo.InvariantCulture) })
            : Results.Json(new { repositories = page });
    }

    private IResult QuayTokenUser(HttpContext context) =>
        QuayAuthorized(context)
            ? Results.Json(new { username = QuayUser, anonymous = false, organizations = new[] { new { name = QuayNamespace, is_org_admin = true } } })
            : Results.Json(new { error_message = "Requires authentication", error_type = "invalid_token" }, statusCode: 401);

    private IResult QuayOrganization(HttpContext context, string name)
    {
        if (!QuayAuthorized(context))
        {
            return Results.StatusCode(401);
        }

        lock (_quayOrganizations)
        {
            return _quayOrganizations.Contains(name) ? Results.Json(new { name }) : Results.NotFound();
        }
    }

    private async Task<IResult> QuayCreateOrganizationAsync(HttpContext context)
    {
        if (!QuayAuthorized(context))
        {
            return Results.StatusCode(401);
        }

        var body = await JsonNode.ParseAsync(context.Request.Body);
        var name = (string?)body?["name"];
        if (string.IsNullOrEmpty(name) || (string?)body?["email"] != name + "@quay.io")
        {
            return Results.BadRequest();
        }

        lock (_quayOrganizations)
        {
            Interlocked.Increment(ref _quayCreates);
            return _quayOrganizations.Add(name)
                ? Results.StatusCode(201)
                : Results.Json(new { error_message = "A user or organization with this name already exists" }, statusCode: 400);
        }
    }

    private async Task<IResult> EcrApiAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var request = context.Request;
        if (!SignatureHolds(request, body))
        {
            return EcrError("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        var input = JsonNode.Parse(body);
        switch (request.Headers["X-Amz-Target"].ToString())
        {
            case "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken":
                Interlocked.Increment(ref _ecrTokens);
                var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + EcrRegistryPassword));
                var expiresAt = DateTimeOffset.UtcNow.AddHours(12).ToUnixTimeMilliseconds() / 1000.0;
                return Results.Json(new { authorizationData = new[] { new { authorizationToken = token, expiresAt, proxyEndpoint = "https://registry.invalid" } } });
            case "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories":
                RecordEcr("DescribeRepositories", input?["repositoryNames"] is JsonArray { Count: 1 } one ? (string?)one[0] : null, input);
                return DescribeEcrRepositories(input);
            case "AmazonEC2ContainerRegistry_V20150921.CreateRepository":
                RecordEcr("CreateRepository", (string?)input?["repositoryName"], input);
                return CreateEcrRepository(input);
            case "AmazonEC2ContainerRegistry_V20150921.BatchDeleteImage":
                RecordEcr("BatchDeleteImage", (string?)input?["repositoryName"], input);
                return await BatchDeleteEcrImagesAsync(input, context.RequestAborted);
            default:
                return EcrError("UnknownOperationException", "unknown operation");
        }
    }

    private void RecordEcr(string action, string? repository, JsonNode? input)
    {
        lock (_ecrCalls)
        {
            _ecrCalls.Add(new EcrCall(action, repository, input?.ToJsonString() ?? string.Empty));
        }
    }

    // ECR's semantics over the registry behind it: a digest deletes the image (and its tags); a tag deletes the image
    // when it was its last tag. Distribution cannot remove one tag of several, so that case answers as ECR would but
    // leaves the registry as it was (no test relies on it).
    private async Task<IResult> BatchDeleteEcrImagesAsync(JsonNode? input, CancellationToken cancellationToken)
    {
        var repository = (string?)input?["repositoryName"];
        if ((string?)input?["registryId"] != EcrAccount || string.IsNullOrEmpty(repository) || input?["imageIds"] is not JsonArray { Count: > 0 } ids)
        {
            return EcrError("InvalidParameterException", "registryId, repositoryName and imageIds are required");
        }

        lock (_ecrRepositories)
        {
            if (!_ecrRepositories.Contains(repository))
            {
                return EcrError("RepositoryNotFoundException", $"The repository with name '{repository}' does not exist in the registry with id '{EcrAccount}'");
            }
        }

        if (_ecrRegistry is null)
        {
            return EcrError("ServerException", "the stand-in has no registry behind it");
        }

        var deleted = new JsonArray();
        var failures = new JsonArray();
        foreach (var id in ids)
        {
            var digest = (string?)id?["imageDigest"];
            var tag = (string?)id?["imageTag"];
            var found = await EcrDigestAsync(repository, digest ?? tag, cancellationToken);
            if (found is null)
            {
                failures.Add(new JsonObject { ["imageId"] = id?.DeepClone(), ["failureCode"] = "ImageNotFound", ["failureReason"] = "Requested image not found" });
                continue;
            }

            if (digest is not null || await EcrLastTagAsync(repository, tag!, found, cancellationToken))
            {
                using var delete = await _ecrRegistry.DeleteAsync($"v2/{repository}/manifests/{found}", cancellationToken);
                delete.EnsureSuccessStatusCode();
            }

            deleted.Add(new JsonObject { ["imageDigest"] = found, ["imageTag"] = tag });
        }

        return Results.Json(new JsonObject { ["imageIds"] = deleted, ["failures"] = failures });
    }

    private async Task<string?> EcrDigestAsync(string repository, string? reference, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        using var head = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/{reference}");
        head.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        head.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        head.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        head.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.list.v2+json");
        using var response = await _ecrRegistry!.SendAsync(head, cancellationToken);
        return response.IsSuccessStatusCode ? response.Headers.GetValues("Docker-Content-Digest").Single() : null;
    }

    private async Task<bool> EcrLastTagAsync(string repository, string tag, string digest, CancellationToken cancellationToken)
    {
        var list = await _ecrRegistry!.GetFromJsonAsync<JsonObject>($"v2/{repository}/tags/list", cancellationToken);
        foreach (var other in (list?["tags"] as JsonArray ?? []).Select(t => (string?)t).Where(t => t is not null && t != tag))
        {
            if (await EcrDigestAsync(repository, other, cancellationToken) == digest)
            {
                return false;
            }
        }

        return true;
    }

    private IResult DescribeEcrRepositories(JsonNode? input)
    {
        if ((string?)input?["registryId"] != EcrAccount)
        {
            return EcrError("RepositoryNotFoundException", "registry id not of this account");
        }

        lock (_ecrRepositories)
        {
            if (input?["repositoryNames"] is JsonArray names)
            {
                var wanted = names.Select(n => (string)n!).ToList();
                var missing = wanted.FirstOrDefault(n => !_ecrRepositories.Contains(n));
                return missing is not null
                    ? EcrError("RepositoryNotFoundException", $"The repository with name '{missing}' does not exist in the registry with id '{EcrAccount}'")
                    : Results.Json(new { repositories = wanted.Select(EcrRepository) });
            }

            // nextToken is opaque to the client: here, the last name of the previous page.
            var size = (int?)input?["maxResults"] ?? 100;
            var after = (string?)input?["nextToken"];
            var page = _ecrRepositories.Order(StringComparer.Ordinal).Where(n => after is null || string.CompareOrdinal(n, after) > 0).Take(size + 1).ToList();
            var more = page.Count > size;
            page = page.Take(size).ToList();
            return Results.Json(new { repositories = page.Select(EcrRepository), nextToken = more ? page[^1] : null });
        }
    }

    private IResult CreateEcrRepository(JsonNode? input)
    {
        var name = (string?)input?["repositoryName"];
        if (string.IsNullOrEmpty(name) || (string?)input?["registryId"] != EcrAccount)
        {
            return EcrError("InvalidParameterException", "bad repository name");
        }

        lock (_ecrRepositories)
        {
            Interlocked.Increment(ref _ecrCreates);

            // A repository created by someone else between this client's describe and create.
            if (EcrRacedRepositories.Contains(name))
            {
                _ecrRepositories.Add(name);
            }

            return _ecrRepositories.Add(name)
                ? Results.Json(new { repository = EcrRepository(name) })
                : EcrError("RepositoryAlreadyExistsException", $"The repository with name '{name}' already exists in the registry with id '{EcrAccount}'");
        }
    }

    private static object EcrRepository(string name) =>
        new { repositoryName = name, registryId = EcrAccount, repositoryUri = $"{EcrAccount}.dkr.ecr.{EcrRegion}.amazonaws.com/{name}" };

    private static IResult EcrError(string type, string message) =>
        Results.Json(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }, statusCode: 400, contentType: "application/x-amz-json-1.1");

    // Recomputes the signature from what arrived, with the secret only this side and the client know.
    private bool SignatureHolds(HttpRequest request, string body)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string prefix = AwsSigV4Signer.Algorithm + " ";
        if (!authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = authorization[prefix.Length..].Split(", ").Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var scope = parts["Credential"].Split('/');
        if (scope[0] != EcrAccessKey || scope[2] != EcrRegion || scope[3] != "ecr")
        {
            return false;
        }

        var signed = parts["SignedHeaders"].Split(';');
        if (!signed.Contains("host") || !signed.Contains("x-amz-date") || !signed.Contains("x-amz-target"))
        {
            return false;
        }

        var headers = signed.ToDictionary(h => h, h => h == "host" ? request.Host.Value! : request.Headers[h].ToString(), StringComparer.Ordinal);
        var time = DateTimeOffset.ParseExact(headers["x-amz-date"], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var uri = new Uri(BaseAddress, request.Path + request.QueryString);
        var expected = AwsSigV4Signer.Authorization(
            request.Method, uri, headers, Encoding.UTF8.GetBytes(body), EcrAccessKey, EcrSecret, EcrRegion, "ecr", time);
        return string.Equals(expected, authorization, StringComparison.Ordinal);
    }

    private bool HarborAuthorized(HttpContext context) =>
        string.Equals(
            context.Request.Headers.Authorization.ToString(),
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(HarborUser + ":" + HarborPassword)),
            StringComparison.Ordinal);

    private IResult HarborProjectExists(HttpContext context)
    {
        if (!HarborAuthorized(context))
        {
            return Results.StatusCode(401);
        }

        lock (_projects)
        {
            return _projects.Contains(context.Request.Query["project_name"].ToString()) ? Results.Ok() : Results.NotFound();
        }
    }

    private async Task<IResult> HarborCreateProjectAsync(HttpContext context)
    {
        if (!HarborAuthorized(context))
        {
            return Results.StatusCode(401);
        }

        var body = await JsonNode.ParseAsync(context.Request.Body);
        var name = (string?)body?["project_name"];
        if (string.IsNullOrEmpty(name) || (string?)body?["metadata"]?["public"] != "false")
        {
            return Results.BadRequest();
        }

        lock (_projects)
        {
            return _projects.Add(name) ? Results.StatusCode(201) : Results.Conflict();
        }
    }

    private IResult HarborProjectPage(HttpContext context)
    {
        if (!HarborAuthorized(context))
        {
            return Results.StatusCode(401);
        }

        var page = int.Parse(context.Request.Query["page"].ToString(), CultureInfo.InvariantCulture);
        var size = int.Parse(context.Request.Query["page_size"].ToString(), CultureInfo.InvariantCulture);
        return Results.Json(HarborRepositories.Keys.Order(StringComparer.Ordinal).Skip((page - 1) * size).Take(size).Select(name => new { name }));
    }

    private IResult HarborRepositoryPage(HttpContext context, string project)
    {
        if (!HarborAuthorized(context))
        {
            return Results.StatusCode(401);
        }

        var page = int.Parse(context.Request.Query["page"].ToString(), CultureInfo.InvariantCulture);
        var size = int.Parse(context.Request.Query["page_size"].ToString(), CultureInfo.InvariantCulture);
        var all = HarborRepositories.GetValueOrDefault(project) ?? [];
        return Results.Json(all.Skip((page - 1) * size).Take(size).Select(name => new { name }));
    }
}

/// <summary>A Docker Hub web API call: method, path, the bearer token it carried and whether that token was live.</summary>
public sealed record HubCall(string Method, string Path, string? Token, bool Authorized);

/// <summary>An ECR API call: its action, the one repository it named (if any) and its JSON input.</summary>
public sealed record EcrCall(string Action, string? Repository, string Input);
