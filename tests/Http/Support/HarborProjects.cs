using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Helpers for Harbor's project API in HTTP tests.</summary>
public static class HarborProjects
{
    public static string NewName(string prefix = "proj") => prefix + Guid.NewGuid().ToString("N")[..10];

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> CreateAsync(RegistryClient client, object body) =>
        client.SendAsync(HttpMethod.Post, "/api/v2.0/projects", JsonContent.Create(body));

    /// <summary>Creates a project, asserts 201 and returns its id from the Location header.</summary>
    public static async Task<long> CreateAsync(RegistryClient client, string name, bool isPublic)
    {
        using var response = await CreateAsync(client, new { project_name = name, metadata = new { @public = isPublic ? "true" : "false" } });
        OciAssert.Status(response, HttpStatusCode.Created);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/api/v2.0/projects/", location, StringComparison.Ordinal);
        return long.Parse(location["/api/v2.0/projects/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Creates a private project named from <paramref name="prefix"/>, asserting 201, and returns its name.</summary>
    public static async Task<string> CreatePrivateAsync(RegistryClient client, string prefix)
    {
        var name = NewName(prefix);
        await CreateAsync(client, name, isPublic: false);
        return name;
    }

    /// <summary>GETs the project as <paramref name="client"/>, asserting 200.</summary>
    public static async Task<JsonNode> GetAsync(RegistryClient client, string nameOrId)
    {
        using var response = await client.GetAsync($"/api/v2.0/projects/{nameOrId}");
        OciAssert.Status(response, HttpStatusCode.OK);
        return await RegistryClient.JsonAsync(response);
    }

    /// <summary>The project names of a GET /projects page, in order.</summary>
    public static async Task<List<string>> NamesAsync(HttpResponseMessage response)
    {
        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await RegistryClient.JsonAsync(response);
        return json.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
    }
}
