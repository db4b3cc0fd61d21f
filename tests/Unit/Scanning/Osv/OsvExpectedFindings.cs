using ArtifactKeeper.Scanning;

namespace ArtifactKeeper.Tests.Unit.Scanning.Osv;

/// <summary>One row of an EXPECTED.md table: the advisory, the installed package and version, the fix and the severity.</summary>
internal sealed record ExpectedFinding(string Id, string Package, string Version, string? FixVersion, VulnerabilitySeverity Severity);

/// <summary>The finding tables of EXPECTED.md §1–§5 (fixtures/scanning), transcribed row for row.</summary>
internal static class OsvExpectedFindings
{
    /// <summary>EXPECTED.md, image debian-whiteout.</summary>
    public static IReadOnlyList<ExpectedFinding> DebianWhiteout { get; } = Rows(
    [
        ("DEBIAN-CVE-2024-28085", "bsdutils", "1:2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2023-38545", "curl", "7.88.1-10+deb12u1", "7.88.1-10+deb12u4", VulnerabilitySeverity.Critical),
        ("DEBIAN-CVE-2016-1585", "libapparmor1", "3.0.8-3", null, VulnerabilitySeverity.Critical),
        ("DEBIAN-CVE-2024-28085", "libblkid1", "2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2023-4911", "libc-bin", "2.36-9+deb12u1", "2.36-9+deb12u3", VulnerabilitySeverity.High),
        ("DSA-5514-1", "libc-bin", "2.36-9+deb12u1", "2.36-9+deb12u3", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2023-4911", "libc6", "2.36-9+deb12u1", "2.36-9+deb12u3", VulnerabilitySeverity.High),
        ("DSA-5514-1", "libc6", "2.36-9+deb12u1", "2.36-9+deb12u3", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2023-38545", "libcurl4", "7.88.1-10+deb12u1", "7.88.1-10+deb12u4", VulnerabilitySeverity.Critical),
        ("DEBIAN-CVE-2024-28085", "libmount1", "2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2024-28085", "libsmartcols1", "2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2024-28085", "libuuid1", "2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2024-28085", "mount", "2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2024-28085", "util-linux", "2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
    ]);

    /// <summary>EXPECTED.md, image alpine-node.</summary>
    public static IReadOnlyList<ExpectedFinding> AlpineNode { get; } = Rows(
    [
        ("ALPINE-CVE-2018-25032", "zlib", "1.2.11-r1", "1.2.11-r4", VulnerabilitySeverity.High),
        ("ALPINE-CVE-2022-37434", "zlib", "1.2.11-r1", "1.2.12-r2", VulnerabilitySeverity.Critical),
        ("GHSA-6c3j-c64m-qhgq", "jquery", "2.2.4", "3.4.0", VulnerabilitySeverity.Medium),
        ("GHSA-mhpp-875w-9cpv", "jquery", "2.2.4", "3.0.0", VulnerabilitySeverity.Unknown),
        ("GHSA-jf85-cpcp-j695", "lodash", "4.17.11", "4.17.12", VulnerabilitySeverity.Critical),
        ("GHSA-fhjf-83wg-r2j9", "mixin-deep", "2.0.0", "2.0.1", VulnerabilitySeverity.Unknown),
    ]);

    /// <summary>EXPECTED.md, image distroless-python.</summary>
    public static IReadOnlyList<ExpectedFinding> DistrolessPython { get; } = Rows(
    [
        ("DEBIAN-CVE-2023-5678", "libssl3", "3.0.9-1", "3.0.13-1~deb12u1", VulnerabilitySeverity.Medium),
        ("MAL-2024-10238", "123bla", "0.0.1", null, VulnerabilitySeverity.Unknown),
        ("GHSA-p44j-xrqg-4xrr", "Products.PluggableAuthService", "2.6.0", "2.6.1", VulnerabilitySeverity.Unknown),
        ("GHSA-9v2f-6vcg-3hgv", "gradio", "4.36.1", null, VulnerabilitySeverity.Critical),
        ("GHSA-77rm-9x9h-xj3g", "protobuf", "3.15.0rc2", "3.15.0", VulnerabilitySeverity.High),
        ("PYSEC-2023-74", "requests", "2.30.0", "2.31.0", VulnerabilitySeverity.Unknown),
    ]);

    /// <summary>EXPECTED.md, sbom/trivy-fluentd-multiple-lockfiles.cdx.json.</summary>
    public static IReadOnlyList<ExpectedFinding> SbomFluentd { get; } = Rows(
    [
        ("DEBIAN-CVE-2019-18276", "bash", "5.0-4", null, VulnerabilitySeverity.High),
        ("DEBIAN-CVE-2019-18224", "libidn2-0", "2.0.5-1", "2.0.5-1+deb10u1", VulnerabilitySeverity.Critical),
        ("DSA-4613-1", "libidn2-0", "2.0.5-1", "2.0.5-1+deb10u1", VulnerabilitySeverity.Unknown),
    ]);

    /// <summary>EXPECTED.md, sbom/fixture-polyglot.cdx.json.</summary>
    public static IReadOnlyList<ExpectedFinding> SbomPolyglotCycloneDx { get; } = Rows(
    [
        ("GHSA-r9p9-mrjm-926w", "elliptic", "6.5.3", "6.5.4", VulnerabilitySeverity.Medium),
        ("GHSA-9v2f-6vcg-3hgv", "gradio", "4.36.1", null, VulnerabilitySeverity.Critical),
        ("GHSA-2qrg-x229-3v8q", "log4j:log4j", "1.2.17", null, VulnerabilitySeverity.Critical),
        ("GHSA-65fg-84f6-3jq3", "log4j:log4j", "1.2.17", null, VulnerabilitySeverity.Critical),
        ("GHSA-599f-7c49-w659", "org.apache.commons:commons-text", "1.9", "1.10.0", VulnerabilitySeverity.Critical),
        ("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "12.0.3", "13.0.1", VulnerabilitySeverity.Low),
        ("RUSTSEC-2020-0071", "time", "0.2.22", "0.2.23", VulnerabilitySeverity.Medium),
        ("GO-2020-0001", "github.com/gin-gonic/gin", "v1.5.0", "1.6.0", VulnerabilitySeverity.Unknown),
        ("GO-2024-2963", "stdlib", "1.22.4", "1.22.5", VulnerabilitySeverity.Unknown),
        ("ALPINE-CVE-2022-37434", "zlib", "1.2.12-r1", "1.2.12-r2", VulnerabilitySeverity.Critical),
    ]);

    /// <summary>EXPECTED.md, sbom/fixture-polyglot.spdx.json.</summary>
    public static IReadOnlyList<ExpectedFinding> SbomPolyglotSpdx { get; } = Rows(
    [
        ("DEBIAN-CVE-2023-38545", "curl", "7.88.1-10+deb12u1", "7.88.1-10+deb12u4", VulnerabilitySeverity.Critical),
        ("DEBIAN-CVE-2023-4911", "libc6", "2.36-9+deb12u2", "2.36-9+deb12u3", VulnerabilitySeverity.High),
        ("DSA-5514-1", "libc6", "2.36-9+deb12u2", "2.36-9+deb12u3", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2023-5678", "openssl", "3.0.11-1~deb12u2", "3.0.13-1~deb12u1", VulnerabilitySeverity.Medium),
        ("PYSEC-2023-74", "requests", "2.30.0", "2.31.0", VulnerabilitySeverity.Unknown),
        ("GHSA-p44j-xrqg-4xrr", "products.pluggableauthservice", "2.6.0", "2.6.1", VulnerabilitySeverity.Unknown),
        ("GHSA-5crp-9r3c-p9vr", "newtonsoft.json", "12.0.1", "13.0.1", VulnerabilitySeverity.Low),
        ("GHSA-8xfc-gm6g-vgpv", "BouncyCastle", "1.8.9", null, VulnerabilitySeverity.Medium),
        ("RUSTSEC-2019-0033", "http", "0.1.19", "0.1.20", VulnerabilitySeverity.Unknown),
        ("GO-2022-1144", "golang.org/x/net", "v0.3.0", "0.4.0", VulnerabilitySeverity.Unknown),
        ("GHSA-fhjf-83wg-r2j9", "mixin-deep", "2.0.0", "2.0.1", VulnerabilitySeverity.Unknown),
    ]);

    /// <summary>EXPECTED.md, layers/debian/var/lib/dpkg/status.</summary>
    public static IReadOnlyList<ExpectedFinding> DebianStatus { get; } = Rows(
    [
        ("DEBIAN-CVE-2024-28085", "bsdutils", "1:2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2023-38545", "curl", "7.88.1-10+deb12u1", "7.88.1-10+deb12u4", VulnerabilitySeverity.Critical),
        ("DEBIAN-CVE-2016-1585", "libapparmor1", "3.0.8-3", null, VulnerabilitySeverity.Critical),
        ("DEBIAN-CVE-2024-28085", "libblkid1", "2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2023-4911", "libc-bin", "2.36-9+deb12u1", "2.36-9+deb12u3", VulnerabilitySeverity.High),
        ("DSA-5514-1", "libc-bin", "2.36-9+deb12u1", "2.36-9+deb12u3", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2023-4911", "libc6", "2.36-9+deb12u1", "2.36-9+deb12u3", VulnerabilitySeverity.High),
        ("DSA-5514-1", "libc6", "2.36-9+deb12u1", "2.36-9+deb12u3", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2023-38545", "libcurl4", "7.88.1-10+deb12u1", "7.88.1-10+deb12u4", VulnerabilitySeverity.Critical),
        ("DEBIAN-CVE-2024-28085", "libmount1", "2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2024-28085", "libsmartcols1", "2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2024-28085", "libuuid1", "2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2024-28085", "mount", "2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
        ("DEBIAN-CVE-2024-6387", "openssh-client", "1:9.2p1-2+deb12u2", "1:9.2p1-2+deb12u3", VulnerabilitySeverity.High),
        ("DEBIAN-CVE-2024-28085", "util-linux", "2.38.1-5+b1", "2.38.1-5+deb12u1", VulnerabilitySeverity.Unknown),
    ]);

    /// <summary>EXPECTED.md, layers/distroless/var/lib/dpkg/status.d/ (as Debian:12).</summary>
    public static IReadOnlyList<ExpectedFinding> Distroless { get; } = Rows(
    [
        ("DEBIAN-CVE-2023-5678", "libssl3", "3.0.9-1", "3.0.13-1~deb12u1", VulnerabilitySeverity.Medium),
    ]);

    /// <summary>EXPECTED.md, layers/alpine-edge-cases/installed (only if scanned as Alpine:v3.4).</summary>
    public static IReadOnlyList<ExpectedFinding> AlpineEdgeCases { get; } = Rows(
    [
        ("CVE-2018-5407", "libcrypto1.0", "1.0.2h-r1", "1.0.2q-r0", VulnerabilitySeverity.Medium),
        ("CVE-2018-5407", "libssl1.0", "1.0.2h-r1", "1.0.2q-r0", VulnerabilitySeverity.Medium),
    ]);

    /// <summary>EXPECTED.md, layers/npm/node_modules (installed tree).</summary>
    public static IReadOnlyList<ExpectedFinding> Npm { get; } = Rows(
    [
        ("GHSA-6c3j-c64m-qhgq", "jquery", "2.2.4", "3.4.0", VulnerabilitySeverity.Medium),
        ("GHSA-mhpp-875w-9cpv", "jquery", "2.2.4", "3.0.0", VulnerabilitySeverity.Unknown),
        ("GHSA-jf85-cpcp-j695", "lodash", "4.17.11", "4.17.12", VulnerabilitySeverity.Critical),
        ("GHSA-fhjf-83wg-r2j9", "mixin-deep", "2.0.0", "2.0.1", VulnerabilitySeverity.Unknown),
    ]);

    /// <summary>EXPECTED.md, layers/python/site-packages.</summary>
    public static IReadOnlyList<ExpectedFinding> Python { get; } = Rows(
    [
        ("MAL-2024-10238", "123bla", "0.0.1", null, VulnerabilitySeverity.Unknown),
        ("GHSA-p44j-xrqg-4xrr", "Products.PluggableAuthService", "2.6.0", "2.6.1", VulnerabilitySeverity.Unknown),
        ("GHSA-9v2f-6vcg-3hgv", "gradio", "4.36.1", null, VulnerabilitySeverity.Critical),
        ("GHSA-77rm-9x9h-xj3g", "protobuf", "3.15.0rc2", "3.15.0", VulnerabilitySeverity.High),
        ("PYSEC-2023-74", "requests", "2.30.0", "2.31.0", VulnerabilitySeverity.Unknown),
    ]);

    /// <summary>EXPECTED.md, layers/maven/fixture-app-1.0.0.jar.</summary>
    public static IReadOnlyList<ExpectedFinding> Maven { get; } = Rows(
    [
        ("GHSA-2qrg-x229-3v8q", "log4j:log4j", "1.2.17", null, VulnerabilitySeverity.Critical),
        ("GHSA-65fg-84f6-3jq3", "log4j:log4j", "1.2.17", null, VulnerabilitySeverity.Critical),
        ("GHSA-599f-7c49-w659", "org.apache.commons:commons-text", "1.9", "1.10.0", VulnerabilitySeverity.Critical),
        ("GHSA-57j2-w4cx-62h2", "com.fasterxml.jackson.core:jackson-databind", "2.13.2", "2.13.2.1", VulnerabilitySeverity.High),
    ]);

    /// <summary>EXPECTED.md, layers/cargo/Cargo.lock.</summary>
    public static IReadOnlyList<ExpectedFinding> Cargo { get; } = Rows(
    [
        ("RUSTSEC-2019-0033", "http", "0.1.19", "0.1.20", VulnerabilitySeverity.Unknown),
        ("RUSTSEC-2021-0003", "smallvec", "1.6.0", "1.6.1", VulnerabilitySeverity.Critical),
        ("RUSTSEC-2020-0071", "time", "0.1.45", "0.2.0", VulnerabilitySeverity.Medium),
    ]);

    /// <summary>EXPECTED.md, layers/dotnet/FixtureApp.deps.json.</summary>
    public static IReadOnlyList<ExpectedFinding> DotNet { get; } = Rows(
    [
        ("GHSA-8xfc-gm6g-vgpv", "BouncyCastle.Cryptography", "2.2.1", "2.3.1", VulnerabilitySeverity.Medium),
        ("GHSA-77rm-9x9h-xj3g", "Google.Protobuf", "3.14.0", "3.15.0", VulnerabilitySeverity.High),
        ("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "12.0.3", "13.0.1", VulnerabilitySeverity.Low),
    ]);

    private static List<ExpectedFinding> Rows(IEnumerable<(string Id, string Package, string Version, string? Fix, VulnerabilitySeverity Severity)> rows) =>
        rows.Select(row => new ExpectedFinding(row.Id, row.Package, row.Version, row.Fix, row.Severity)).ToList();
}
