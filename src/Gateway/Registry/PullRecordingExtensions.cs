namespace ArtifactKeeper.Registry;

/// <summary>Registers pull counting on the gateway.</summary>
public static class PullRecordingExtensions
{
    public static WebApplicationBuilder AddPullRecording(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PullRecordingOptions>().BindConfiguration(PullRecordingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PullRecorder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PullRecorder>());
        return builder;
    }
}
