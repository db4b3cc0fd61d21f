using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Helpers for Harbor's user API in HTTP tests.</summary>
public static class HarborUsers
{
    public const string Password = "Users-Password-1";

    public static string NewName(string prefix = "user") => prefix + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A valid UserCreationReq body for <paramref name="username"/>.</summary>
    public static object Body(string username, string password = Password) =>
        new { username, email = $"{username}@example.com", realname = "Real " + username, password, comment = "created by tests" };

    public static Task<HttpResponseMessage> CreateAsync(RegistryClient client, object body) =>
        client.SendAsync(HttpMethod.Post, "/api/v2.0/users", JsonContent.Create(body));

    /// <summary>Creates a user as <paramref name="admin"/>, asserts 201 and returns its id from the Location header.</summary>
    public static async Task<long> CreateAsync(RegistryClient admin, string username, string password = Password)
    {
        using var response = await CreateAsync(admin, Body(username, password));
        OciAssert.Status(response, HttpStatusCode.Created);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/api/v2.0/users/", location, StringComparison.Ordinal);
        return long.Parse(location["/api/v2.0/users/".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>GETs <c>/users/{id}</c> as <paramref name="client"/>, asserting 200.</summary>
    public static async Task<JsonNode> GetAsync(RegistryClient client, long id)
    {
        using var response = await client.GetAsync($"/api/v2.0/users/{id}");
        OciAssert.Status(response, HttpStatusCode.OK);
        return await RegistryClient.JsonAsync(response);
    }

    /// <summary>The stored row of <paramref name="username"/> straight from the metadata store (null when absent).</summary>
    public static Task<ArtifactKeeper.Access.UserAccount?> StoredAsync(RegistryFactory factory, string username) =>
        factory.Services.GetRequiredService<IUserAccountMetadata>().GetUserAccountAsync(username, TestContext.Current.CancellationToken);

    /// <summary>The status of <c>GET /users/current</c> for these credentials: 200 while they work.</summary>
    public static async Task<HttpStatusCode> CurrentStatusAsync(RegistryFactory factory, string username, string password)
    {
        using var client = factory.Client(username, password);
        using var response = await client.GetAsync("/api/v2.0/users/current");
        return response.StatusCode;
    }

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
