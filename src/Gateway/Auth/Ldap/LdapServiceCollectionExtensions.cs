using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Auth.Ldap;

/// <summary>Registers the LDAP auth mode. Always registered; the options are only required in LDAP mode.</summary>
public static class LdapServiceCollectionExtensions
{
    public static IServiceCollection AddLdapAuth(this IServiceCollection services)
    {
        services.AddOptions<LdapOptions>().BindConfiguration(LdapOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LdapOptions>, LdapOptionsValidator>());
        services.AddSingleton<LdapDirectory>();
        services.AddSingleton<LdapLogin>();
        return services;
    }
}
