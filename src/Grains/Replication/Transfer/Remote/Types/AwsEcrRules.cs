using System.Text.RegularExpressions;
using ArtifactKeeper.Replication.Transfer.Remote.Auth;

namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>
/// Amazon ECR: the endpoint's access key and secret buy a registry password from the ECR API of the region named in
/// the URL (<c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.…</c>), used as Basic <c>AWS:&lt;password&gt;</c> until it expires.
/// </summary>
public sealed partial class AwsEcrRules : RegistryTypeRules
{
    public override string Type => RegistryEndpointTypes.AwsEcr;

    /// <summary>The region of an ECR registry host, or null when the host is not one.</summary>
    public static string? Region(string host)
    {
        var match = EcrHost().Match(host ?? string.Empty);
        return match.Success ? match.Groups["region"].Value : null;
    }

    public override IRegistryCredentialSource Credentials(RegistryEndpoint endpoint, RegistryCredential? credential, RemoteRegistryContext context)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(context);
        if (credential is not { AccessKey: { Length: > 0 } key, AccessSecret: { Length: > 0 } secret })
        {
            return StaticCredentialSource.Anonymous;
        }

        if (Region(Root(endpoint.Url).Host) is not { } region)
        {
            return new RefusedCredentialSource("the ECR endpoint URL names no region (<account>.dkr.ecr.<region>.amazonaws.com)");
        }

        return new EcrCredentialSource(context.Http, context.Hosted.EcrApi(region), region, key, secret, context.Clock, context.Options.RequestTimeout);
    }

    [GeneratedRegex(@"^(?<account>\d{12})\.dkr\.ecr(-fips)?\.(?<region>[a-z0-9-]+)\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EcrHost();
}
