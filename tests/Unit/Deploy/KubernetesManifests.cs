using YamlDotNet.RepresentationModel;

namespace ArtifactKeeper.Tests.Unit.Deploy;

/// <summary>The kustomize base under <c>deploy/k8s</c>, read as it is in the repository (no kustomize transforms applied).</summary>
internal sealed class KubernetesManifests
{
    public const string KustomizationFile = "kustomization.yaml";

    private KubernetesManifests(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public YamlMappingNode? Kustomization { get; private set; }

    /// <summary>Every <c>.yaml</c>/<c>.yml</c> file of the folder except the kustomization and its patches.</summary>
    public IReadOnlyList<string> ManifestFiles { get; private set; } = [];

    public IReadOnlyList<KubernetesObject> Objects { get; private set; } = [];

    /// <summary>Files that are not YAML or hold a document that is not a mapping.</summary>
    public IReadOnlyList<string> ParseProblems { get; private set; } = [];

    private static readonly Lazy<KubernetesManifests> RepositoryBase = new(() => Load(Path.Combine(RepositoryRoot(), "deploy", "k8s")));

    /// <summary>The repository's <c>deploy/k8s</c>, loaded once per test run.</summary>
    public static KubernetesManifests Repository => RepositoryBase.Value;

    public static KubernetesManifests Load(string directory)
    {
        var manifests = new KubernetesManifests(directory);
        var problems = new List<string>();
        var kustomizationPath = Path.Combine(directory, KustomizationFile);
        if (File.Exists(kustomizationPath))
        {
            manifests.Kustomization = Parse(kustomizationPath, KustomizationFile, problems).FirstOrDefault();
        }
        else
        {
            problems.Add($"{KustomizationFile}: missing from {directory}");
        }

        var patches = manifests.PatchFiles.ToHashSet(StringComparer.Ordinal);
        manifests.ManifestFiles = System.IO.Directory.EnumerateFiles(directory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => f != KustomizationFile && !patches.Contains(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        manifests.Objects = manifests.ManifestFiles
            .SelectMany(f => Parse(Path.Combine(directory, f), f, problems).Select(root => new KubernetesObject(f, root)))
            .ToList();
        manifests.ParseProblems = problems;
        return manifests;
    }

    /// <summary>The directory holding <c>ArtifactKeeper.sln</c>, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ArtifactKeeper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ArtifactKeeper.sln above {AppContext.BaseDirectory}.");
    }

    public IReadOnlyList<string> Resources => Kustomization.Scalars("resources").ToList();

    /// <summary>Files the kustomization uses as patches: partial objects, so not resources and not checked as manifests.</summary>
    public IEnumerable<string> PatchFiles =>
        Kustomization.Scalars("patchesStrategicMerge")
            .Concat(Kustomization.Mappings("patches").Select(p => p.Scalar("path")).OfType<string>());

    public IEnumerable<KubernetesObject> OfKind(string kind) => Objects.Where(o => o.Kind == kind);

    public KubernetesObject? Find(string kind, string? name) => Objects.FirstOrDefault(o => o.Kind == kind && o.Name == name);

    /// <summary>The one Deployment whose pods carry <c>app.kubernetes.io/component: component</c>.</summary>
    public KubernetesObject? SingleDeployment(string component, ManifestProblems problems)
    {
        var matches = OfKind("Deployment")
            .Where(d => d.PodLabels.GetValueOrDefault("app.kubernetes.io/component") == component)
            .ToList();
        if (matches.Count != 1)
        {
            problems.Add($"{matches.Count} Deployments have pods labelled app.kubernetes.io/component={component}, expected one");
            return null;
        }

        return matches[0];
    }

    public IEnumerable<PodContainer> Containers => Objects.SelectMany(o => o.Containers);

    /// <summary>
    /// What a container's process gets as environment: <c>envFrom</c> sources in order (later ones win), then <c>env</c>,
    /// with key references resolved. References to missing objects are skipped (another test reports them).
    /// </summary>
    public IReadOnlyDictionary<string, EnvironmentEntry> EnvironmentOf(PodContainer container)
    {
        var environment = new Dictionary<string, EnvironmentEntry>(StringComparer.Ordinal);
        foreach (var source in container.Node.Mappings("envFrom"))
        {
            var prefix = source.Scalar("prefix") ?? "";
            var referenced = source.Mapping("configMapRef") is { } configMapRef ? Find("ConfigMap", configMapRef.Scalar("name"))
                : source.Mapping("secretRef") is { } secretRef ? Find("Secret", secretRef.Scalar("name"))
                : null;
            foreach (var entry in referenced?.DataEntries ?? [])
            {
                environment[prefix + entry.Key] = entry with { Key = prefix + entry.Key };
            }
        }

        foreach (var variable in container.Node.Mappings("env"))
        {
            var name = variable.Scalar("name") ?? "";
            var valueFrom = variable.Mapping("valueFrom");
            environment[name] = valueFrom switch
            {
                null => new EnvironmentEntry(name, variable.Scalar("value") ?? "", container.At($"env[{name}].value")),
                _ when valueFrom.Mapping("configMapKeyRef") is { } r => ResolveKey("ConfigMap", r, name, container),
                _ when valueFrom.Mapping("secretKeyRef") is { } r => ResolveKey("Secret", r, name, container),
                _ => new EnvironmentEntry(name, null, container.At($"env[{name}].valueFrom")),
            };
        }

        return environment;
    }

    /// <summary>Every environment variable the base defines, each once where it is written: ConfigMap and Secret entries and container <c>env</c> items.</summary>
    public IEnumerable<EnvironmentEntry> DefinedEnvironment =>
        Objects.SelectMany(o => o.DataEntries)
            .Concat(Containers.SelectMany(c => c.Node.Mappings("env").Select(v => new EnvironmentEntry(
                v.Scalar("name") ?? "",
                v.Child("valueFrom") is null ? v.Scalar("value") ?? "" : null,
                c.At($"env[{v.Scalar("name")}].name")))));

    private EnvironmentEntry ResolveKey(string kind, YamlMappingNode reference, string name, PodContainer container)
    {
        var key = reference.Scalar("key");
        var entry = Find(kind, reference.Scalar("name"))?.DataEntries.FirstOrDefault(e => e.Key == key);
        return new EnvironmentEntry(name, entry?.Value, entry?.Where ?? container.At($"env[{name}].valueFrom"));
    }

    private static List<YamlMappingNode> Parse(string path, string file, List<string> problems)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            problems.Add($"{file}: not valid YAML at {ex.Start}: {ex.Message}");
            return [];
        }

        var roots = new List<YamlMappingNode>();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            switch (stream.Documents[i].RootNode)
            {
                case YamlMappingNode mapping:
                    roots.Add(mapping);
                    break;
                case YamlScalarNode { Value: null or "" }:
                    break; // an empty document, e.g. after a trailing ---
                default:
                    problems.Add($"{file}: document {i} is not a mapping");
                    break;
            }
        }

        return roots;
    }
}
