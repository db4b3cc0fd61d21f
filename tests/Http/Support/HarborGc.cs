using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Calls of Harbor's <c>/api/v2.0/system/gc</c> API.</summary>
public static class HarborGc
{
    public const string Schedule = "/api/v2.0/system/gc/schedule";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A body of Harbor's Schedule with <paramref name="parameters"/> as a JSON object text.</summary>
    public static StringContent ScheduleBody(string type, string? cron = null, string parameters = "{}") =>
        Json($$"""{"schedule":{"type":"{{type}}"{{(cron is null ? "" : $",\"cron\":\"{cron}\"")}}},"parameters":{{parameters}}}""");

    public static Task<HttpResponseMessage> PutScheduleAsync(RegistryClient client, string type, string? cron = null, string parameters = "{}") =>
        client.SendAsync(HttpMethod.Put, Schedule, ScheduleBody(type, cron, parameters));

    public static Task<HttpResponseMessage> PostScheduleAsync(RegistryClient client, string type, string? cron = null, string parameters = "{}") =>
        client.SendAsync(HttpMethod.Post, Schedule, ScheduleBody(type, cron, parameters));

    public static async Task<JsonNode> GetScheduleAsync(RegistryClient client)
    {
        using var response = await client.GetAsync(Schedule);
        OciAssert.Status(response, HttpStatusCode.OK);
        return await RegistryClient.JsonAsync(response);
    }
}
