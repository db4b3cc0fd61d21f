using System.Text.Json;
using ArtifactKeeper.Scanning.Inventory.Detectors;

namespace ArtifactKeeper.Scanning.Inventory.Sbom;

/// <summary>
/// Reads the packages of an SBOM by purl: CycloneDX JSON (components, recursively; the operating-system component
/// gives the OS) and SPDX 2.x JSON (packages' purl external references in either category spelling; the
/// OPERATING-SYSTEM package gives the OS). Trivy's SrcName/SrcVersion/SrcRelease/SrcEpoch properties name source
/// packages.
/// </summary>
public static class SbomDocumentReader
{
    private const string TrivyProperty = "aquasecurity:trivy:";

    public static async Task<PackageInventory> ReadAsync(Stream document, CancellationToken cancellationToken)
    {
        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(document, NodePackageParser.JsonOptions, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new ScanFailedException($"the SBOM is not valid JSON: {e.Message}", e);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object && NodePackageParser.Text(root, "bomFormat") == "CycloneDX")
                return ReadCycloneDx(root);
            if (root.ValueKind == JsonValueKind.Object
                && NodePackageParser.Text(root, "spdxVersion") is { } spdx && spdx.StartsWith("SPDX-2", StringComparison.Ordinal))
                return ReadSpdx(root);
            throw new ScanFailedException("the document is neither a CycloneDX nor an SPDX 2.x JSON SBOM");
        }
    }

    private static PackageInventory ReadCycloneDx(JsonElement root)
    {
        var components = new List<JsonElement>();
        if (root.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("component", out var subject))
            Collect(subject, components);
        if (root.TryGetProperty("components", out var list))
            CollectAll(list, components);

        var os = components
            .Where(c => NodePackageParser.Text(c, "type") == "operating-system")
            .Select(c => NodePackageParser.Text(c, "name") is { Length: > 0 } name
                ? new OperatingSystemInfo(name.ToLowerInvariant(), NodePackageParser.Text(c, "version") ?? "", null)
                : null)
            .FirstOrDefault(o => o is not null);

        var packages = new List<InstalledPackage>();
        foreach (var component in components)
        {
            var purlText = NodePackageParser.Text(component, "purl");
            if (PackageUrl.TryParse(purlText) is not { } purl)
                continue;
            if (PurlEcosystems.ToPackage(purl, os, TrivySource(component), purlText!) is { } package)
                packages.Add(package);
        }

        return new PackageInventory(os, packages);
    }

    private static void CollectAll(JsonElement list, List<JsonElement> into)
    {
        if (list.ValueKind != JsonValueKind.Array)
            return;
        foreach (var component in list.EnumerateArray())
            Collect(component, into);
    }

    private static void Collect(JsonElement component, List<JsonElement> into)
    {
        if (component.ValueKind != JsonValueKind.Object)
            return;
        into.Add(component);
        if (component.TryGetProperty("components", out var nested))
            CollectAll(nested, into);
    }

    private static (string Name, string? Version)? TrivySource(JsonElement component)
    {
        if (!component.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Array)
            return null;
        string? name = null, version = null, release = null, epoch = null;
        foreach (var property in properties.EnumerateArray())
        {
            var key = NodePackageParser.Text(property, "name");
            var value = NodePackageParser.Text(property, "value");
            if (key is null || value is null || !key.StartsWith(TrivyProperty, StringComparison.Ordinal))
                continue;
            switch (key[TrivyProperty.Length..])
            {
                case "SrcName":
                    name = value;
                    break;
                case "SrcVersion":
                    version = value;
                    break;
                case "SrcRelease":
                    release = value;
                    break;
                case "SrcEpoch":
                    epoch = value;
                    break;
            }
        }

        if (string.IsNullOrEmpty(name))
            return null;
        if (version is not null)
        {
            if (!string.IsNullOrEmpty(release))
                version += "-" + release;
            if (!string.IsNullOrEmpty(epoch) && epoch != "0")
                version = epoch + ":" + version;
        }

        return (name, version);
    }

    private static PackageInventory ReadSpdx(JsonElement root)
    {
        var spdxPackages = root.TryGetProperty("packages", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object).ToList()
            : [];
        var os = spdxPackages
            .Where(p => NodePackageParser.Text(p, "primaryPackagePurpose") == "OPERATING-SYSTEM")
            .Select(p => NodePackageParser.Text(p, "name") is { Length: > 0 } name
                ? new OperatingSystemInfo(name.ToLowerInvariant(), NodePackageParser.Text(p, "versionInfo") ?? "", null)
                : null)
            .FirstOrDefault(o => o is not null);

        var packages = new List<InstalledPackage>();
        foreach (var spdxPackage in spdxPackages)
        {
            if (!spdxPackage.TryGetProperty("externalRefs", out var refs) || refs.ValueKind != JsonValueKind.Array)
                continue;
            foreach (var reference in refs.EnumerateArray())
            {
                var category = NodePackageParser.Text(reference, "referenceCategory");
                if (category is not ("PACKAGE-MANAGER" or "PACKAGE_MANAGER")
                    || NodePackageParser.Text(reference, "referenceType") != "purl")
                    continue;
                var purlText = NodePackageParser.Text(reference, "referenceLocator");
                if (PackageUrl.TryParse(purlText) is { } purl
                    && PurlEcosystems.ToPackage(purl, os, null, purlText!) is { } package)
                    packages.Add(package);
            }
        }

        return new PackageInventory(os, packages);
    }
}
