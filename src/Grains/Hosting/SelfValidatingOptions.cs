using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Hosting;

/// <summary>Options that check themselves: <see cref="Validate"/> answers the message naming the bad key, or null.</summary>
public interface ISelfValidatingOptions
{
    string? Validate();
}

/// <summary>Fails start-up with the options' own message (which names the key), not a generic one.</summary>
public sealed class SelfValidatingOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, ISelfValidatingOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }
}

public static class SelfValidatingOptionsRegistration
{
    /// <summary>Binds <typeparamref name="TOptions"/> to <paramref name="section"/> and checks it at start-up; idempotent.</summary>
    public static IServiceCollection AddSelfValidatingOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class, ISelfValidatingOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, SelfValidatingOptionsValidator<TOptions>>());
        return services;
    }
}
