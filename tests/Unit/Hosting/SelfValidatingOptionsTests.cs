using ArtifactKeeper.Hosting;
using ArtifactKeeper.Scanning.External;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Unit.Hosting;

public sealed class SelfValidatingOptionsTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddSelfValidatingOptions<ExternalScannerOptions>(ExternalScannerOptions.Section);
        services.AddSelfValidatingOptions<ExternalScannerOptions>(ExternalScannerOptions.Section);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void A_bad_setting_fails_with_the_message_naming_its_key_once()
    {
        var options = Services(("ArtifactKeeper:Scanning:RegistryUrl", "ftp://registry.example")).GetRequiredService<IOptions<ExternalScannerOptions>>();

        var error = Assert.Throws<OptionsValidationException>(() => options.Value);

        var failure = Assert.Single(error.Failures);
        Assert.Contains("ArtifactKeeper:Scanning:RegistryUrl", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_settings_bind_and_pass()
    {
        var options = Services(("ArtifactKeeper:Scanning:RegistryUrl", "https://registry.example"), ("ArtifactKeeper:Scanning:MaxScanTime", "00:02:00"))
            .GetRequiredService<IOptions<ExternalScannerOptions>>().Value;

        Assert.Equal("https://registry.example", options.RegistryUrl);
        Assert.Equal(TimeSpan.FromMinutes(2), options.MaxScanTime);
    }
}
