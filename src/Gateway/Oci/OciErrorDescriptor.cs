using System.Net;

namespace ArtifactKeeper.Oci;

/// <summary>One row of the OCI error register: wire code, default message, HTTP status.</summary>
public sealed record OciErrorDescriptor(string Code, string Message, HttpStatusCode Status);
