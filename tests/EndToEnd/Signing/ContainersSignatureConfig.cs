using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd.Signing;

/// <summary>
/// The containers-registries.d and containers-policy.json files that make skopeo write and read sigstore
/// signatures as cosign-style attachments (<c>sha256-&lt;hex&gt;.sig</c>) in the registry itself.
/// </summary>
public static class ContainersSignatureConfig
{
    /// <summary>Writes a registries.d directory under <paramref name="directory"/> turning attachments on for <paramref name="hostPort"/>.</summary>
    public static string WriteRegistriesDirectory(string directory, string hostPort)
    {
        var path = Path.Combine(directory, "registries.d");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "artifactkeeper.yaml"), $"""
            docker:
              {hostPort}:
                use-sigstore-attachments: true
            """);
        return path;
    }

    /// <summary>
    /// Writes a policy that accepts images from <paramref name="hostPort"/> only with a sigstore signature made by
    /// the key at <paramref name="publicKeyPath"/>, rejects every other registry, and lets local layouts be written.
    /// </summary>
    public static string WriteSigstoreKeyPolicy(string path, string hostPort, string publicKeyPath)
    {
        var policy = new JsonObject
        {
            ["default"] = new JsonArray(new JsonObject { ["type"] = "reject" }),
            ["transports"] = new JsonObject
            {
                ["docker"] = new JsonObject
                {
                    [hostPort] = new JsonArray(new JsonObject { ["type"] = "sigstoreSigned", ["keyPath"] = publicKeyPath }),
                },
                ["oci"] = new JsonObject { [""] = new JsonArray(new JsonObject { ["type"] = "insecureAcceptAnything" }) },
            },
        };
        File.WriteAllText(path, policy.ToJsonString());
        return path;
    }

    /// <summary>
    /// Writes the params file of <c>skopeo copy --sign-by-sigstore</c>: Fulcio with a static OIDC ID token, and Rekor.
    /// </summary>
    public static string WriteKeylessSigningParameters(string path, Uri fulcio, Uri rekor, string idToken)
    {
        File.WriteAllText(path, $"""
            fulcio:
              fulcioURL: "{fulcio.GetLeftPart(UriPartial.Authority)}"
              oidcMode: "staticToken"
              oidcIDToken: "{idToken}"
            rekorURL: "{rekor.GetLeftPart(UriPartial.Authority)}"
            """);
        return path;
    }
}
