using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Cosign;
using ArtifactKeeper.Signing.Notation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ArtifactKeeper.Hosting;

/// <summary>Registers the signature verifiers the content-trust grain dispatches to, one per <see cref="SignatureKind"/>.</summary>
public static class ContentTrustRegistration
{
    public static IServiceCollection AddContentTrust(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureVerifier, CosignSignatureVerifier>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureVerifier, NotationSignatureVerifier>());
        return services;
    }
}
