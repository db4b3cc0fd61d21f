using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Helpers for Harbor's label API and artifact labels in HTTP tests.</summary>
public static class HarborLabels
{
    public static string NewName() => "label-" + Guid.NewGuid().ToString("N")[..10];

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static Task<HttpResponseMessage> PostAsync(RegistryClient client, object body) =>
        client.SendAsync(HttpMethod.Post, "/api/v2.0/labels", JsonContent.Create(body));

    /// <summary>Creates the label, asserts 201 and returns the id from <c>Location</c>.</summary>
    public static async Task<long> CreateAsync(RegistryClient client, object body)
    {
        using var response = await PostAsync(client, body);
        OciAssert.Status(response, HttpStatusCode.Created);
        var location = response.Headers.Location!.ToString();
        return long.Parse(location[(location.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
    }

    public static Task<long> CreateGlobalAsync(RegistryClient admin, string? name = null) =>
        CreateAsync(admin, new { name = name ?? NewName(), description = "global", color = "#61717D", scope = "g", project_id = 0 });

    public static Task<long> CreateProjectAsync(RegistryClient client, long projectId, string? name = null) =>
        CreateAsync(client, new { name = name ?? NewName(), description = "project", color = "#fff", scope = "p", project_id = projectId });

    public static async Task<JsonNode> GetAsync(RegistryClient client, long id)
    {
        using var response = await client.GetAsync("/api/v2.0/labels/" + Id(id));
        OciAssert.Status(response, HttpStatusCode.OK);
        return await RegistryClient.JsonAsync(response);
    }

    /// <summary>Every stored label, straight from the store, for "nothing changed" assertions.</summary>
    public static async Task<IReadOnlyList<LabelRecord>> StoredAsync(RegistryFactory factory) =>
        (await factory.Services.GetRequiredService<ILabelMetadata>().ListLabelsAsync(ListQuery.All, TestContext.Current.CancellationToken)).Items;

    /// <summary>The label ids the artifact carries, read back through the store.</summary>
    public static async Task<IReadOnlyList<long>> OfArtifactAsync(RegistryFactory factory, string repository, string digest)
    {
        var labels = await factory.Services.GetRequiredService<IArtifactLabelMetadata>()
            .ListArtifactLabelsAsync(repository, [digest], TestContext.Current.CancellationToken);
        return labels.TryGetValue(digest, out var found) ? found.Select(l => l.LabelId).ToList() : [];
    }

    /// <summary>The artifact-labels path; <paramref name="repository"/> is without the project and gets Harbor's double encoding.</summary>
    public static string ArtifactPath(string project, string repository, string reference) =>
        $"/api/v2.0/projects/{project}/repositories/{Uri.EscapeDataString(Uri.EscapeDataString(repository))}/artifacts/{reference}/labels";

    public static Task<HttpResponseMessage> AttachAsync(RegistryClient client, string project, string repository, string reference, long labelId) =>
        client.SendAsync(HttpMethod.Post, ArtifactPath(project, repository, reference), JsonContent.Create(new { id = labelId }));

    public static Task<HttpResponseMessage> DetachAsync(RegistryClient client, string project, string repository, string reference, long labelId) =>
        client.DeleteAsync(ArtifactPath(project, repository, reference) + "/" + Id(labelId));
}
