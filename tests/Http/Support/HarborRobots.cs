using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Helpers for Harbor's robot API in HTTP tests.</summary>
public static class HarborRobots
{
    /// <summary>A robot the test created: its id, full <c>robot$...</c> name and the secret shown once.</summary>
    public sealed record Created(long Id, string Name, string Secret);

    public static string NewName() => "r" + Guid.NewGuid().ToString("N")[..10];

    public static object Access(string resource, string action) => new { resource, action, effect = "allow" };

    /// <summary>A project robot body for <paramref name="project"/> with the given repository actions.</summary>
    public static object ProjectRobot(string name, string project, long duration = 30, params string[] actions) =>
        new
        {
            name,
            description = "ci",
            duration,
            level = "project",
            disable = false,
            permissions = new[] { new { kind = "project", @namespace = project, access = actions.Select(a => Access("repository", a)).ToArray() } },
        };

    public static Task<HttpResponseMessage> PostAsync(RegistryClient client, object body) =>
        client.SendAsync(HttpMethod.Post, "/api/v2.0/robots", body as HttpContent ?? JsonContent.Create(body));

    /// <summary>Creates a robot, asserts 201 with Location and the RobotCreated body.</summary>
    public static async Task<Created> CreateAsync(RegistryClient client, object body)
    {
        using var response = await PostAsync(client, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"robot POST got {(int)response.StatusCode}: {text}");
        var json = JsonNode.Parse(text)!;
        var id = json["id"]!.GetValue<long>();
        Assert.Equal($"/api/v2.0/robots/{id}", response.Headers.Location!.ToString());
        return new Created(id, json["name"]!.GetValue<string>(), json["secret"]!.GetValue<string>());
    }

    public static async Task<Created> CreateProjectRobotAsync(RegistryClient admin, string project, params string[] actions) =>
        await CreateAsync(admin, ProjectRobot(NewName(), project, 30, actions));

    /// <summary>GETs the robot, asserting 200.</summary>
    public static async Task<JsonNode> GetAsync(RegistryClient client, long id)
    {
        using var response = await client.GetAsync($"/api/v2.0/robots/{id}");
        OciAssert.Status(response, HttpStatusCode.OK);
        return await RegistryClient.JsonAsync(response);
    }

    /// <summary>X-Total-Count of a robot listing with <paramref name="q"/>, asserting 200.</summary>
    public static async Task<long> CountAsync(RegistryClient client, string q)
    {
        using var response = await client.GetAsync("/api/v2.0/robots?q=" + Uri.EscapeDataString(q));
        OciAssert.Status(response, HttpStatusCode.OK);
        return long.Parse(OciAssert.Header(response, "X-Total-Count"), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether Basic credentials of the robot open <c>/v2/</c>.</summary>
    public static async Task<HttpStatusCode> V2StatusAsync(RegistryFactory factory, string name, string secret)
    {
        using var client = factory.Client(name, secret);
        using var response = await client.GetAsync("/v2/");
        return response.StatusCode;
    }
}
