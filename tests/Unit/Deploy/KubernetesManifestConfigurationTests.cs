namespace ArtifactKeeper.Tests.Unit.Deploy;

/// <summary>The environment the manifests give ArtifactKeeper binds to real options, and the ports it configures are the ones the pods expose.</summary>
public sealed class KubernetesManifestConfigurationTests
{
    private const string Prefix = "ArtifactKeeper__";

    private static KubernetesManifests Manifests => KubernetesManifests.Repository;

    private static readonly Lazy<ConfigurationKeyMap> Keys = new(ConfigurationKeyMap.ForProduct);

    [Fact]
    public void ArtifactKeeper_environment_keys_bind_to_options_properties()
    {
        var problems = new ManifestProblems();
        var entries = ArtifactKeeperEntries().ToList();
        if (entries.Count == 0)
        {
            problems.Add($"no {Prefix}* key found in any ConfigMap, Secret or container env");
        }

        foreach (var entry in entries)
        {
            var resolution = Keys.Value.Resolve(entry.Key);
            if (!resolution.IsKnown)
            {
                problems.Add($"{entry.Where}: {entry.Key} ({resolution.ConfigurationKey}) binds to nothing: {resolution.Problem}");
            }
        }

        problems.AssertNone($"every {Prefix}* key must be a configuration key of the code");
    }

    [Fact]
    public void ArtifactKeeper_environment_values_convert_to_their_option_types()
    {
        var problems = new ManifestProblems();
        foreach (var entry in ArtifactKeeperEntries().Where(e => e.Value is not null))
        {
            var resolution = Keys.Value.Resolve(entry.Key);
            if (resolution.IsKnown && resolution.ConversionProblem(entry.Value!) is { } problem)
            {
                problems.Add($"{entry.Where}: {problem} ({resolution.OptionsType!.Name}, {resolution.ConfigurationKey})");
            }
        }

        problems.AssertNone("configuration values must bind without a conversion error at start");
    }

    [Fact]
    public void Orleans_ports_in_the_silo_environment_equal_its_container_ports()
    {
        var problems = new ManifestProblems();
        if (SiloContainer(problems) is { } silo)
        {
            var environment = Manifests.EnvironmentOf(silo);
            ExpectPort(environment, "ArtifactKeeper__Silo__SiloPort", silo, "silo", problems);
            ExpectPort(environment, "ArtifactKeeper__Silo__GatewayPort", silo, "orleans-gw", problems);
        }

        problems.AssertNone("the silo must listen where its pod declares the Orleans ports");
    }

    [Fact]
    public void Silo_health_urls_listen_on_the_health_container_port()
    {
        var problems = new ManifestProblems();
        if (SiloContainer(problems) is { } silo)
        {
            var environment = Manifests.EnvironmentOf(silo);
            ExpectUrlsOnPort(environment.GetValueOrDefault("ArtifactKeeper__Silo__HealthUrls"), "ArtifactKeeper__Silo__HealthUrls", silo, "health", problems);
        }

        problems.AssertNone("the silo's health endpoints must be served on the port its probes use");
    }

    [Fact]
    public void Gateway_urls_argument_listens_on_the_http_container_port()
    {
        var problems = new ManifestProblems();
        var gateway = Manifests.SingleDeployment("gateway", problems)?.Containers.FirstOrDefault(c => c.FindPort("http") is not null);
        if (gateway is null)
        {
            problems.Add("the gateway Deployment has no container with a port named http");
        }
        else
        {
            var commandLine = gateway.CommandLine;
            var index = commandLine.ToList().FindIndex(a => a == "--urls" || a.StartsWith("--urls=", StringComparison.Ordinal));
            var urls = index < 0 ? null
                : commandLine[index] == "--urls" ? commandLine.ElementAtOrDefault(index + 1)
                : commandLine[index]["--urls=".Length..];
            var where = gateway.At("args");
            ExpectUrlsOnPort(urls is null ? null : new EnvironmentEntry("--urls", urls, where), "--urls", gateway, "http", problems);
        }

        problems.AssertNone("the gateway must listen where its pod declares the http port");
    }

    private static IEnumerable<EnvironmentEntry> ArtifactKeeperEntries() =>
        Manifests.DefinedEnvironment.Where(e => e.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase));

    private static PodContainer? SiloContainer(ManifestProblems problems)
    {
        var silo = Manifests.SingleDeployment("silo", problems)?.Containers.FirstOrDefault(c => c.FindPort("silo") is not null);
        if (silo is null)
        {
            problems.Add("the silo Deployment has no container with a port named silo");
        }

        return silo;
    }

    private static void ExpectPort(IReadOnlyDictionary<string, EnvironmentEntry> environment, string key, PodContainer container, string portName, ManifestProblems problems)
    {
        var port = container.FindPort(portName);
        if (port is null)
        {
            problems.Add($"{container.At("ports")} has no port named {portName}");
        }
        else if (environment.GetValueOrDefault(key) is not { } entry)
        {
            problems.Add($"{container.At("env")}: {key} is not set (neither in env nor through envFrom), but {port.Where} = {port.Number}");
        }
        else if (!int.TryParse(entry.Value, out var value) || value != port.Number)
        {
            problems.Add($"{entry.Where} = {entry.Value ?? "(set by the cluster)"}, but {port.Where} = {port.Number}");
        }
    }

    private static void ExpectUrlsOnPort(EnvironmentEntry? urls, string what, PodContainer container, string portName, ManifestProblems problems)
    {
        var port = container.FindPort(portName);
        if (port is null)
        {
            problems.Add($"{container.At("ports")} has no port named {portName}");
        }
        else if (urls?.Value is not { Length: > 0 } value)
        {
            problems.Add($"{container.At("")}: {what} is not set, so nothing is known to listen on {port.Where} = {port.Number}");
        }
        else
        {
            foreach (var url in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parsed = UrlPort(url);
                if (parsed != port.Number)
                {
                    problems.Add($"{urls.Where}: {what} {url} listens on {parsed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(not a URL)"}, but {port.Where} = {port.Number}");
                }
            }
        }
    }

    /// <summary>The port of a Kestrel URL; <c>+</c> and <c>*</c> hosts (any address) are not valid in <see cref="Uri"/>, so they are swapped first.</summary>
    private static int? UrlPort(string url)
    {
        var normalized = url.Replace("://+", "://any", StringComparison.Ordinal).Replace("://*", "://any", StringComparison.Ordinal);
        return Uri.TryCreate(normalized, UriKind.Absolute, out var uri) ? uri.Port : null;
    }
}
