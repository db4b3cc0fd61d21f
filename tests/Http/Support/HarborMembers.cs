using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Helpers for Harbor's member API in HTTP tests.</summary>
public static class HarborMembers
{
    public static string Path(string project) => $"/api/v2.0/projects/{project}/members";

    public static Task<HttpResponseMessage> AddAsync(RegistryClient client, string project, object body) =>
        client.SendAsync(HttpMethod.Post, Path(project), JsonContent.Create(body));

    /// <summary>Adds user <paramref name="username"/> with <paramref name="roleId"/>, asserts 201 and returns the member id.</summary>
    public static async Task<long> AddUserAsync(RegistryClient client, string project, string username, int roleId)
    {
        using var response = await AddAsync(client, project, new { role_id = roleId, member_user = new { username } });
        OciAssert.Status(response, HttpStatusCode.Created);
        var location = response.Headers.Location!.ToString();
        return long.Parse(location[(location.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The members of <paramref name="project"/> as the admin sees them (first 100).</summary>
    public static async Task<JsonArray> ListAsync(RegistryClient client, string project)
    {
        using var response = await client.GetAsync(Path(project) + "?page_size=100");
        OciAssert.Status(response, HttpStatusCode.OK);
        return (await RegistryClient.JsonAsync(response)).AsArray();
    }

    /// <summary>A stable text of the member list, for "nothing changed" assertions.</summary>
    public static async Task<string> SnapshotAsync(RegistryClient client, string project) => (await ListAsync(client, project)).ToJsonString();
}
