using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Helpers for Harbor's user group API (and user ids) in HTTP tests.</summary>
public static class HarborUserGroups
{
    public static Task<HttpResponseMessage> PostAsync(RegistryClient client, object body) =>
        client.SendAsync(HttpMethod.Post, "/api/v2.0/usergroups", JsonContent.Create(body));

    /// <summary>Creates a group, asserts 201 and returns its id from the Location header.</summary>
    public static async Task<long> CreateAsync(RegistryClient client, string name, int type, string? dn = null)
    {
        using var response = await PostAsync(client, new { group_name = name, group_type = type, ldap_group_dn = dn });
        OciAssert.Status(response, HttpStatusCode.Created);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/api/v2.0/usergroups/", location, StringComparison.Ordinal);
        return long.Parse(location["/api/v2.0/usergroups/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>All groups as the admin lists them, as text, for "nothing changed" assertions.</summary>
    public static async Task<string> SnapshotAsync(RegistryClient admin)
    {
        using var response = await admin.GetAsync("/api/v2.0/usergroups?page_size=100");
        OciAssert.Status(response, HttpStatusCode.OK);
        return (await RegistryClient.JsonAsync(response)).ToJsonString();
    }

    /// <summary>The id of a local user, read from the metadata store (the user API is someone else's).</summary>
    public static async Task<long> UserIdAsync(RegistryFactory factory, string username)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var users = factory.Services.GetRequiredService<IUserMetadata>();
        return (await users.GetUserAsync(username, TestContext.Current.CancellationToken))!.UserId;
    }
}
