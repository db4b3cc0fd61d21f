using YamlDotNet.RepresentationModel;

namespace ArtifactKeeper.Tests.Unit.Deploy;

/// <summary>One document of a manifest file; <see cref="At"/> names the file, object and field for failure messages.</summary>
internal sealed record KubernetesObject(string File, YamlMappingNode Root)
{
    public string? ApiVersion => Root.Scalar("apiVersion");

    public string? Kind => Root.Scalar("kind");

    public string? Name => Root.Mapping("metadata").Scalar("name");

    public YamlMappingNode? Spec => Root.Mapping("spec");

    public string At(string field) => $"{File}: {Kind}/{Name} {field}";

    /// <summary>Where the pod template lives for workload kinds; null for every other kind.</summary>
    public string? PodTemplatePath => Kind switch
    {
        "CronJob" => "spec.jobTemplate.spec.template",
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => "spec.template",
        _ => null,
    };

    public YamlMappingNode? PodTemplate => Kind == "CronJob"
        ? Spec.Mapping("jobTemplate").Mapping("spec").Mapping("template")
        : PodTemplatePath is null ? null : Spec.Mapping("template");

    public IReadOnlyDictionary<string, string> PodLabels => PodTemplate.Mapping("metadata").Mapping("labels").ToStringMap();

    public IEnumerable<PodContainer> Containers
    {
        get
        {
            var podSpec = PodTemplate.Mapping("spec");
            foreach (var list in new[] { "initContainers", "containers" })
            {
                foreach (var container in podSpec.Mappings(list))
                {
                    var path = $"{PodTemplatePath}.spec.{list}[{container.Scalar("name")}]";
                    yield return new PodContainer(this, path, container, IsInit: list == "initContainers");
                }
            }
        }
    }

    public IEnumerable<(YamlMappingNode Volume, string Field)> Volumes =>
        PodTemplate.Mapping("spec").Mappings("volumes").Select(v => (v, $"{PodTemplatePath}.spec.volumes[{v.Scalar("name")}]"));

    /// <summary>A ConfigMap's <c>data</c>/<c>binaryData</c> or a Secret's <c>stringData</c>/<c>data</c> (decoded) entries.</summary>
    public IEnumerable<EnvironmentEntry> DataEntries
    {
        get
        {
            var sections = Kind switch
            {
                "ConfigMap" => new[] { "data", "binaryData" },
                "Secret" => ["stringData", "data"],
                _ => [],
            };
            foreach (var section in sections)
            {
                foreach (var (key, value) in Root.Mapping(section).ToStringMap())
                {
                    var text = section switch
                    {
                        "data" when Kind == "Secret" => DecodeBase64(value),
                        "binaryData" => null,
                        _ => value,
                    };
                    yield return new EnvironmentEntry(key, text, At($"{section}.{key}"));
                }
            }
        }
    }

    private static string? DecodeBase64(string value)
    {
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var written) ? System.Text.Encoding.UTF8.GetString(bytes, 0, written) : null;
    }
}

/// <summary>A container of a workload's pod template.</summary>
internal sealed record PodContainer(KubernetesObject Owner, string Field, YamlMappingNode Node, bool IsInit)
{
    public string? Name => Node.Scalar("name");

    public string At(string field) => Owner.At($"{Field}.{field}");

    public IReadOnlyList<ContainerPort> Ports => Node.Mappings("ports")
        .Select((port, i) => new ContainerPort(
            port.Scalar("name"),
            int.TryParse(port.Scalar("containerPort"), out var number) ? number : null,
            At($"ports[{port.Scalar("name") ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}].containerPort")))
        .ToList();

    /// <summary>The port a probe or Service <c>targetPort</c> means: by name when not a number, else by <c>containerPort</c>.</summary>
    public ContainerPort? FindPort(string nameOrNumber) => int.TryParse(nameOrNumber, out var number)
        ? Ports.FirstOrDefault(p => p.Number == number)
        : Ports.FirstOrDefault(p => p.Name == nameOrNumber);

    /// <summary>The <c>command</c> followed by the <c>args</c>, as the process sees its command line.</summary>
    public IReadOnlyList<string> CommandLine => Node.Scalars("command").Concat(Node.Scalars("args")).ToList();
}

internal sealed record ContainerPort(string? Name, int? Number, string Where);

/// <summary>One environment variable: a ConfigMap/Secret entry or a container <c>env</c> item; Value is null when only the cluster knows it.</summary>
internal sealed record EnvironmentEntry(string Key, string? Value, string Where);
