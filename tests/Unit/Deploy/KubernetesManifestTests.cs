namespace ArtifactKeeper.Tests.Unit.Deploy;

/// <summary>The objects of the cluster-mode kustomize base agree with each other: files, selectors, ports, probes, references.</summary>
public sealed class KubernetesManifestTests
{
    private static readonly string[] HealthPaths = ["/health/live", "/health/ready"];

    private static KubernetesManifests Manifests => KubernetesManifests.Repository;

    [Fact]
    public void Kustomization_resources_list_exactly_the_other_yaml_files()
    {
        var problems = new ManifestProblems();
        var file = KubernetesManifests.KustomizationFile;
        if (Manifests.Kustomization is null)
        {
            problems.Add($"{file}: missing, empty or not a mapping");
        }
        else if (Manifests.Kustomization.Scalar("kind") != "Kustomization")
        {
            problems.Add($"{file}: kind is '{Manifests.Kustomization.Scalar("kind")}', expected Kustomization");
        }

        var resources = Manifests.Resources;
        foreach (var twice in resources.GroupBy(r => r, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{file}: resources lists {twice.Key} {twice.Count()} times");
        }

        foreach (var missing in Manifests.ManifestFiles.Except(resources, StringComparer.Ordinal))
        {
            problems.Add($"{file}: resources does not list {missing}, a manifest in deploy/k8s");
        }

        foreach (var stale in resources.Except(Manifests.ManifestFiles, StringComparer.Ordinal))
        {
            problems.Add($"{file}: resources lists {stale}, which is not a manifest file in deploy/k8s");
        }

        foreach (var patch in Manifests.PatchFiles.Where(p => !File.Exists(Path.Combine(Manifests.Directory, p))))
        {
            problems.Add($"{file}: patch {patch} does not exist in deploy/k8s");
        }

        if (resources.Count == 0)
        {
            problems.Add($"{file}: resources is empty");
        }

        problems.AssertNone("kustomization.yaml resources must be exactly the manifest files");
    }

    [Fact]
    public void Every_manifest_parses_with_apiVersion_kind_and_name()
    {
        var problems = new ManifestProblems();
        foreach (var problem in Manifests.ParseProblems)
        {
            problems.Add(problem);
        }

        foreach (var file in Manifests.ManifestFiles.Where(f => Manifests.Objects.All(o => o.File != f)))
        {
            problems.Add($"{file}: holds no Kubernetes object");
        }

        foreach (var o in Manifests.Objects)
        {
            foreach (var (field, value) in new[] { ("apiVersion", o.ApiVersion), ("kind", o.Kind), ("metadata.name", o.Name) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    problems.Add($"{o.File}: a document has no {field}");
                }
            }
        }

        foreach (var twice in Manifests.Objects.GroupBy(o => (o.Kind, o.Name)).Where(g => g.Count() > 1))
        {
            problems.Add($"{string.Join(", ", twice.Select(o => o.File))}: {twice.Key.Kind}/{twice.Key.Name} is defined {twice.Count()} times");
        }

        problems.AssertNone("every manifest must parse and carry apiVersion, kind and metadata.name");
    }

    [Fact]
    public void Deployment_selector_matchLabels_are_a_subset_of_its_pod_labels()
    {
        var problems = new ManifestProblems();
        var deployments = Manifests.OfKind("Deployment").ToList();
        if (deployments.Count == 0)
        {
            problems.Add("no Deployment found (the base runs silos and gateways)");
        }

        foreach (var deployment in deployments)
        {
            var selector = MatchLabels(deployment, problems);
            foreach (var (key, value) in selector.Where(kv => deployment.PodLabels.GetValueOrDefault(kv.Key) != kv.Value))
            {
                problems.Add($"{deployment.At($"spec.selector.matchLabels.{key}")} = {value}, but spec.template.metadata.labels are {ManifestProblems.Describe(deployment.PodLabels)}");
            }
        }

        problems.AssertNone("a Deployment must select its own pods");
    }

    [Fact]
    public void PodDisruptionBudget_selector_matches_the_pods_of_exactly_one_deployment()
    {
        var problems = new ManifestProblems();
        var budgets = Manifests.OfKind("PodDisruptionBudget").ToList();
        if (budgets.Count == 0)
        {
            problems.Add("no PodDisruptionBudget found (the base ships one for silos and one for gateways)");
        }

        foreach (var budget in budgets)
        {
            var selector = MatchLabels(budget, problems);
            var selected = Manifests.OfKind("Deployment").Where(d => Selects(selector, d.PodLabels)).ToList();
            if (selected.Count != 1)
            {
                problems.Add($"{budget.At("spec.selector.matchLabels")} {ManifestProblems.Describe(selector)} matches the pods of {selected.Count} Deployments ({Names(selected)}), expected exactly one");
            }
        }

        problems.AssertNone("each PodDisruptionBudget must cover the pods of one Deployment");
    }

    [Fact]
    public void Service_selects_one_deployment_and_targets_its_container_ports()
    {
        var problems = new ManifestProblems();
        var services = Manifests.OfKind("Service").ToList();
        foreach (var service in services)
        {
            var selector = service.Spec.Mapping("selector").ToStringMap();
            var selected = Manifests.OfKind("Deployment").Where(d => Selects(selector, d.PodLabels)).ToList();
            if (selector.Count == 0 || selected.Count != 1)
            {
                problems.Add($"{service.At("spec.selector")} {ManifestProblems.Describe(selector)} matches the pods of {selected.Count} Deployments ({Names(selected)}), expected exactly one");
                continue;
            }

            var deployment = selected[0];
            foreach (var port in service.Spec.Mappings("ports"))
            {
                var target = port.Scalar("targetPort") ?? port.Scalar("port") ?? "";
                if (!deployment.Containers.Any(c => !c.IsInit && c.FindPort(target) is not null))
                {
                    var available = deployment.Containers.SelectMany(c => c.Ports).Select(p => $"{p.Name}={p.Number}");
                    problems.Add($"{service.At($"spec.ports[{port.Scalar("name")}].targetPort")} '{target}' is no container port of Deployment/{deployment.Name} (ports: {string.Join(", ", available)})");
                }
            }
        }

        if (Manifests.SingleDeployment("gateway", problems) is { } gateway && !services.Any(s => Selects(s.Spec.Mapping("selector").ToStringMap(), gateway.PodLabels)))
        {
            problems.Add($"{gateway.File}: no Service selects the pods of Deployment/{gateway.Name} {ManifestProblems.Describe(gateway.PodLabels)}");
        }

        problems.AssertNone("Services must route to one Deployment's container ports");
    }

    [Fact]
    public void HorizontalPodAutoscaler_scaleTargetRef_names_an_existing_deployment()
    {
        var problems = new ManifestProblems();
        var autoscalers = Manifests.OfKind("HorizontalPodAutoscaler").ToList();
        if (autoscalers.Count == 0)
        {
            problems.Add("no HorizontalPodAutoscaler found (the base scales gateways)");
        }

        foreach (var autoscaler in autoscalers)
        {
            var target = autoscaler.Spec.Mapping("scaleTargetRef");
            var (kind, name, apiVersion) = (target.Scalar("kind"), target.Scalar("name"), target.Scalar("apiVersion"));
            var deployment = Manifests.Find("Deployment", name);
            if (kind != "Deployment")
            {
                problems.Add($"{autoscaler.At("spec.scaleTargetRef.kind")} is '{kind}', expected Deployment");
            }
            else if (deployment is null)
            {
                problems.Add($"{autoscaler.At("spec.scaleTargetRef.name")} '{name}' is no Deployment (Deployments: {Names(Manifests.OfKind("Deployment"))})");
            }
            else if (apiVersion is not null && apiVersion != deployment.ApiVersion)
            {
                problems.Add($"{autoscaler.At("spec.scaleTargetRef.apiVersion")} is '{apiVersion}', but {deployment.File} declares {deployment.ApiVersion}");
            }
        }

        problems.AssertNone("each HorizontalPodAutoscaler must scale an existing Deployment");
    }

    [Fact]
    public void Probes_use_a_container_port_and_a_health_path()
    {
        var problems = new ManifestProblems();
        foreach (var container in Manifests.Containers.Where(c => !c.IsInit))
        {
            foreach (var kind in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
            {
                var probe = container.Node.Mapping(kind);
                if (probe is null)
                {
                    if (kind != "startupProbe" && container.Owner.Kind == "Deployment")
                    {
                        problems.Add($"{container.At(kind)} is missing");
                    }

                    continue;
                }

                var httpGet = probe.Mapping("httpGet");
                if (httpGet is null)
                {
                    problems.Add($"{container.At(kind)} is not an httpGet probe (ArtifactKeeper serves {string.Join(" and ", HealthPaths)})");
                    continue;
                }

                var port = httpGet.Scalar("port") ?? "";
                if (container.FindPort(port) is null)
                {
                    problems.Add($"{container.At($"{kind}.httpGet.port")} '{port}' is no port of the container (ports: {string.Join(", ", container.Ports.Select(p => $"{p.Name}={p.Number}"))})");
                }

                var path = httpGet.Scalar("path");
                if (!HealthPaths.Contains(path, StringComparer.Ordinal))
                {
                    problems.Add($"{container.At($"{kind}.httpGet.path")} is '{path}', expected one of {string.Join(", ", HealthPaths)}");
                }
                else if (kind == "livenessProbe" && path != "/health/live")
                {
                    problems.Add($"{container.At($"{kind}.httpGet.path")} is '{path}': liveness must use /health/live, or an outage of PostgreSQL or S3 restarts every pod");
                }
            }
        }

        problems.AssertNone("probes must hit a health endpoint on a declared container port");
    }

    [Fact]
    public void ConfigMap_and_Secret_references_name_defined_objects_and_keys()
    {
        var problems = new ManifestProblems();
        void Check(string kind, string? name, string? key, string where)
        {
            var target = Manifests.Find(kind, name);
            if (target is null)
            {
                problems.Add($"{where} names {kind} '{name}', which deploy/k8s does not define ({kind}s: {Names(Manifests.OfKind(kind))})");
            }
            else if (key is not null && target.DataEntries.All(e => e.Key != key))
            {
                problems.Add($"{where} names key '{key}', which {target.File} ({kind}/{name}) does not have");
            }
        }

        foreach (var container in Manifests.Containers)
        {
            foreach (var (source, i) in container.Node.Mappings("envFrom").Select((s, i) => (s, i)))
            {
                if (source.Mapping("configMapRef") is { } configMap)
                {
                    Check("ConfigMap", configMap.Scalar("name"), null, container.At($"envFrom[{i}].configMapRef.name"));
                }

                if (source.Mapping("secretRef") is { } secret)
                {
                    Check("Secret", secret.Scalar("name"), null, container.At($"envFrom[{i}].secretRef.name"));
                }
            }

            foreach (var variable in container.Node.Mappings("env"))
            {
                var valueFrom = variable.Mapping("valueFrom");
                var where = container.At($"env[{variable.Scalar("name")}].valueFrom");
                if (valueFrom.Mapping("configMapKeyRef") is { } configMapKey)
                {
                    Check("ConfigMap", configMapKey.Scalar("name"), configMapKey.Scalar("key") ?? "", where + ".configMapKeyRef");
                }

                if (valueFrom.Mapping("secretKeyRef") is { } secretKey)
                {
                    Check("Secret", secretKey.Scalar("name"), secretKey.Scalar("key") ?? "", where + ".secretKeyRef");
                }
            }
        }

        foreach (var (owner, (volume, field)) in Manifests.Objects.SelectMany(o => o.Volumes.Select(v => (o, v))))
        {
            foreach (var (kind, source, nameField) in new[] { ("ConfigMap", "configMap", "name"), ("Secret", "secret", "secretName") })
            {
                if (volume.Mapping(source) is { } reference)
                {
                    var name = reference.Scalar(nameField);
                    Check(kind, name, null, owner.At($"{field}.{source}.{nameField}"));
                    foreach (var item in reference.Mappings("items"))
                    {
                        Check(kind, name, item.Scalar("key") ?? "", owner.At($"{field}.{source}.items"));
                    }
                }
            }
        }

        problems.AssertNone("ConfigMap and Secret references must resolve");
    }

    [Fact]
    public void Every_container_requests_cpu_and_memory()
    {
        var problems = new ManifestProblems();
        var containers = Manifests.Containers.ToList();
        if (containers.Count == 0)
        {
            problems.Add("no container found in any workload");
        }

        foreach (var container in containers)
        {
            var requests = container.Node.Mapping("resources").Mapping("requests");
            foreach (var resource in new[] { "cpu", "memory" })
            {
                if (string.IsNullOrWhiteSpace(requests.Scalar(resource)))
                {
                    problems.Add($"{container.At($"resources.requests.{resource}")} is missing");
                }
            }
        }

        problems.AssertNone("every container must request cpu and memory (the HPA and the scheduler need them)");
    }

    private static IReadOnlyDictionary<string, string> MatchLabels(KubernetesObject o, ManifestProblems problems)
    {
        var selector = o.Spec.Mapping("selector");
        if (selector.Child("matchExpressions") is not null)
        {
            problems.Add($"{o.At("spec.selector.matchExpressions")} is not understood by this test; use matchLabels");
        }

        var labels = selector.Mapping("matchLabels").ToStringMap();
        if (labels.Count == 0)
        {
            problems.Add($"{o.At("spec.selector.matchLabels")} is missing or empty");
        }

        return labels;
    }

    private static string Names(IEnumerable<KubernetesObject> objects) =>
        objects.Select(o => o.Name).ToList() is { Count: > 0 } names ? string.Join(", ", names) : "none";

    private static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(kv => labels.GetValueOrDefault(kv.Key) == kv.Value);
}
