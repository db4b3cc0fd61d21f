using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Helpers for the audit log API: flush the recorder, then read a listing.</summary>
public static class AuditLogs
{
    /// <summary>Waits until every event recorded so far is written, so a listing sees it (no timing involved).</summary>
    public static Task FlushAsync(RegistryFactory factory) =>
        factory.Services.GetRequiredService<AuditRecorder>().FlushAsync(TestContext.Current.CancellationToken);

    /// <summary>Flushes, GETs <paramref name="path"/> as <paramref name="client"/>, asserts 200 and returns the records.</summary>
    public static async Task<JsonArray> ListAsync(RegistryFactory factory, RegistryClient client, string path, Action<HttpRequestMessage>? configure = null)
    {
        await FlushAsync(factory);
        using var response = await client.GetAsync(path, configure);
        OciAssert.Status(response, HttpStatusCode.OK);
        return (await RegistryClient.JsonAsync(response)).AsArray();
    }

    /// <summary>"username operation resource_type resource" per record, in listing order.</summary>
    public static List<string> Lines(JsonArray records) =>
        records.Select(r => $"{r!["username"]} {r["operation"]} {r["resource_type"]} {r["resource"]}").ToList();

    public static async Task<List<string>> LinesAsync(RegistryFactory factory, RegistryClient client, string path, Action<HttpRequestMessage>? configure = null) =>
        Lines(await ListAsync(factory, client, path, configure));
}
