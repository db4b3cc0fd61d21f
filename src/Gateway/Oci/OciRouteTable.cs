using ArtifactKeeper.Access;

namespace ArtifactKeeper.Oci;

/// <summary>One OCI endpoint: which route kind and method it serves, the spec's id and the action it needs.</summary>
public sealed record OciEndpoint(OciRouteKind Kind, string Method, string SpecId, string Action, Func<OciRequest, Task<IResult>> Handler);

/// <summary>
/// The distribution-spec v1.1 endpoint table (end-1 … end-13), read top to bottom like the spec.
/// HEAD is served by the GET handlers.
/// </summary>
public static class OciRouteTable
{
    public static readonly IReadOnlyList<OciEndpoint> Endpoints =
    [
        new(OciRouteKind.Blob, "GET", "end-2", AccessPolicy.Pull, OciBlobHandlers.GetAsync),
        new(OciRouteKind.Blob, "HEAD", "end-2", AccessPolicy.Pull, OciBlobHandlers.GetAsync),
        new(OciRouteKind.Manifest, "GET", "end-3", AccessPolicy.Pull, OciManifestHandlers.GetAsync),
        new(OciRouteKind.Manifest, "HEAD", "end-3", AccessPolicy.Pull, OciManifestHandlers.GetAsync),
        new(OciRouteKind.UploadStart, "POST", "end-4a/4b/11", AccessPolicy.Push, OciUploadHandlers.StartAsync),
        new(OciRouteKind.Upload, "PATCH", "end-5", AccessPolicy.Push, OciUploadHandlers.PatchAsync),
        new(OciRouteKind.Upload, "PUT", "end-6", AccessPolicy.Push, OciUploadHandlers.CompleteAsync),
        new(OciRouteKind.Manifest, "PUT", "end-7", AccessPolicy.Push, OciManifestHandlers.PutAsync),
        new(OciRouteKind.TagList, "GET", "end-8a/8b", AccessPolicy.Pull, OciTagHandlers.ListAsync),
        new(OciRouteKind.Manifest, "DELETE", "end-9", AccessPolicy.Delete, OciManifestHandlers.DeleteAsync),
        new(OciRouteKind.Blob, "DELETE", "end-10", AccessPolicy.Delete, OciBlobHandlers.DeleteAsync),
        new(OciRouteKind.Referrers, "GET", "end-12a/12b", AccessPolicy.Pull, OciReferrerHandlers.ListAsync),
        new(OciRouteKind.Upload, "GET", "end-13", AccessPolicy.Push, OciUploadHandlers.StatusAsync),
        new(OciRouteKind.Upload, "DELETE", "cancel", AccessPolicy.Push, OciUploadHandlers.CancelAsync),
    ];

    private static readonly Dictionary<(OciRouteKind, string), OciEndpoint> ByKey =
        Endpoints.ToDictionary(e => (e.Kind, e.Method));

    public static OciEndpoint? Find(OciRouteKind kind, string method) => ByKey.GetValueOrDefault((kind, method));

    public static IEnumerable<string> MethodsFor(OciRouteKind kind) => Endpoints.Where(e => e.Kind == kind).Select(e => e.Method);
}
