using ArtifactKeeper.Scanning.Inventory;

namespace ArtifactKeeper.Tests.Unit.Scanning.Osv;

/// <summary>
/// The inventories EXPECTED.md (fixtures/scanning) describes, written out as installed packages so the matcher is
/// tested on its own (the extractors are tested against the files themselves). dpkg and apk lists were transcribed
/// from the fixture package databases; source packages as their Source:/o: fields give them.
/// </summary>
internal static class OsvFixtureInventories
{
    public static IReadOnlyList<InstalledPackage> DebianStatus { get; } =
    [
        Os("Debian:12", "base-files", "12.4+deb12u11", "base-files", "12.4+deb12u11", "/var/lib/dpkg/status"),
        Os("Debian:12", "bash", "5.2.15-2+b8", "bash", "5.2.15-2", "/var/lib/dpkg/status"),
        Os("Debian:12", "bsdutils", "1:2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "ca-certificates", "20230311+deb12u1", "ca-certificates", "20230311+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "coreutils", "9.1-1", "coreutils", "9.1-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "curl", "7.88.1-10+deb12u1", "curl", "7.88.1-10+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "dash", "0.5.12-2", "dash", "0.5.12-2", "/var/lib/dpkg/status"),
        Os("Debian:12", "debianutils", "5.7-0.5~deb12u1", "debianutils", "5.7-0.5~deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "diffutils", "1:3.8-4", "diffutils", "1:3.8-4", "/var/lib/dpkg/status"),
        Os("Debian:12", "dpkg", "1.21.22", "dpkg", "1.21.22", "/var/lib/dpkg/status"),
        Os("Debian:12", "findutils", "4.9.0-4", "findutils", "4.9.0-4", "/var/lib/dpkg/status"),
        Os("Debian:12", "gcc-12-base", "12.2.0-14+deb12u1", "gcc-12", "12.2.0-14+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "gpgv", "2.2.40-1.1+deb12u2", "gnupg2", "2.2.40-1.1+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "grep", "3.8-5", "grep", "3.8-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "gzip", "1.12-1", "gzip", "1.12-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "hostname", "3.23+nmu1", "hostname", "3.23+nmu1", "/var/lib/dpkg/status"),
        Os("Debian:12", "init-system-helpers", "1.65.2", "init-system-helpers", "1.65.2", "/var/lib/dpkg/status"),
        Os("Debian:12", "libacl1", "2.3.1-3", "acl", "2.3.1-3", "/var/lib/dpkg/status"),
        Os("Debian:12", "libapparmor1", "3.0.8-3", "apparmor", "3.0.8-3", "/var/lib/dpkg/status"),
        Os("Debian:12", "libattr1", "1:2.5.1-4", "attr", "1:2.5.1-4", "/var/lib/dpkg/status"),
        Os("Debian:12", "libblkid1", "2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "libc-bin", "2.36-9+deb12u1", "glibc", "2.36-9+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libc6", "2.36-9+deb12u1", "glibc", "2.36-9+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libcap2", "1:2.66-4+deb12u2+b2", "libcap2", "1:2.66-4+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "libcurl4", "7.88.1-10+deb12u1", "curl", "7.88.1-10+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libgcc-s1", "12.2.0-14+deb12u1", "gcc-12", "12.2.0-14+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libgmp10", "2:6.2.1+dfsg1-1.1", "gmp", "2:6.2.1+dfsg1-1.1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libidn2-0", "2.3.3-1+b1", "libidn2", "2.3.3-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "liblzma5", "5.4.1-1", "xz-utils", "5.4.1-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libmount1", "2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "libnghttp2-14", "1.52.0-1+deb12u2", "nghttp2", "1.52.0-1+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "libpcre2-8-0", "10.42-1", "pcre2", "10.42-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libselinux1", "3.4-1+b6", "libselinux", "3.4-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libsmartcols1", "2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "libssh2-1", "1.10.0-3+b1", "libssh2", "1.10.0-3", "/var/lib/dpkg/status"),
        Os("Debian:12", "libssl3", "3.0.19-1~deb12u2", "openssl", "3.0.19-1~deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "libstdc++6", "12.2.0-14+deb12u1", "gcc-12", "12.2.0-14+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libsystemd0", "252.38-1~deb12u1", "systemd", "252.38-1~deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libtinfo6", "6.4-4", "ncurses", "6.4-4", "/var/lib/dpkg/status"),
        Os("Debian:12", "libudev1", "252.38-1~deb12u1", "systemd", "252.38-1~deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libuuid1", "2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "libzstd1", "1.5.4+dfsg2-5", "libzstd", "1.5.4+dfsg2-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "login", "1:4.13+dfsg1-1+deb12u2", "shadow", "1:4.13+dfsg1-1+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "mawk", "1.3.4.20200120-3.1", "mawk", "1.3.4.20200120-3.1", "/var/lib/dpkg/status"),
        Os("Debian:12", "mount", "2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "ncurses-base", "6.4-4", "ncurses", "6.4-4", "/var/lib/dpkg/status"),
        Os("Debian:12", "netbase", "6.4", "netbase", "6.4", "/var/lib/dpkg/status"),
        Os("Debian:12", "openssh-client", "1:9.2p1-2+deb12u2", "openssh", "1:9.2p1-2+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "openssl", "3.0.19-1~deb12u2", "openssl", "3.0.19-1~deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "passwd", "1:4.13+dfsg1-1+deb12u2", "shadow", "1:4.13+dfsg1-1+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "perl-base", "5.36.0-7+deb12u2", "perl", "5.36.0-7+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "sed", "4.9-1", "sed", "4.9-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "tar", "1.34+dfsg-1.2+deb12u1", "tar", "1.34+dfsg-1.2+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "tzdata", "2025b-0+deb12u2", "tzdata", "2025b-0+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "util-linux", "2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1", "/var/lib/dpkg/status"),
    ];

    public static IReadOnlyList<InstalledPackage> DebianWhiteout { get; } =
    [
        Os("Debian:12", "base-files", "12.4+deb12u11", "base-files", "12.4+deb12u11", "/var/lib/dpkg/status"),
        Os("Debian:12", "bash", "5.2.15-2+b8", "bash", "5.2.15-2", "/var/lib/dpkg/status"),
        Os("Debian:12", "bsdutils", "1:2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "ca-certificates", "20230311+deb12u1", "ca-certificates", "20230311+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "coreutils", "9.1-1", "coreutils", "9.1-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "curl", "7.88.1-10+deb12u1", "curl", "7.88.1-10+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "dash", "0.5.12-2", "dash", "0.5.12-2", "/var/lib/dpkg/status"),
        Os("Debian:12", "debianutils", "5.7-0.5~deb12u1", "debianutils", "5.7-0.5~deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "diffutils", "1:3.8-4", "diffutils", "1:3.8-4", "/var/lib/dpkg/status"),
        Os("Debian:12", "dpkg", "1.21.22", "dpkg", "1.21.22", "/var/lib/dpkg/status"),
        Os("Debian:12", "findutils", "4.9.0-4", "findutils", "4.9.0-4", "/var/lib/dpkg/status"),
        Os("Debian:12", "gcc-12-base", "12.2.0-14+deb12u1", "gcc-12", "12.2.0-14+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "gpgv", "2.2.40-1.1+deb12u2", "gnupg2", "2.2.40-1.1+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "grep", "3.8-5", "grep", "3.8-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "gzip", "1.12-1", "gzip", "1.12-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "hostname", "3.23+nmu1", "hostname", "3.23+nmu1", "/var/lib/dpkg/status"),
        Os("Debian:12", "init-system-helpers", "1.65.2", "init-system-helpers", "1.65.2", "/var/lib/dpkg/status"),
        Os("Debian:12", "libacl1", "2.3.1-3", "acl", "2.3.1-3", "/var/lib/dpkg/status"),
        Os("Debian:12", "libapparmor1", "3.0.8-3", "apparmor", "3.0.8-3", "/var/lib/dpkg/status"),
        Os("Debian:12", "libattr1", "1:2.5.1-4", "attr", "1:2.5.1-4", "/var/lib/dpkg/status"),
        Os("Debian:12", "libblkid1", "2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "libc-bin", "2.36-9+deb12u1", "glibc", "2.36-9+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libc6", "2.36-9+deb12u1", "glibc", "2.36-9+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libcap2", "1:2.66-4+deb12u2+b2", "libcap2", "1:2.66-4+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "libcurl4", "7.88.1-10+deb12u1", "curl", "7.88.1-10+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libgcc-s1", "12.2.0-14+deb12u1", "gcc-12", "12.2.0-14+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libgmp10", "2:6.2.1+dfsg1-1.1", "gmp", "2:6.2.1+dfsg1-1.1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libidn2-0", "2.3.3-1+b1", "libidn2", "2.3.3-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "liblzma5", "5.4.1-1", "xz-utils", "5.4.1-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libmount1", "2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "libnghttp2-14", "1.52.0-1+deb12u2", "nghttp2", "1.52.0-1+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "libpcre2-8-0", "10.42-1", "pcre2", "10.42-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libselinux1", "3.4-1+b6", "libselinux", "3.4-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libsmartcols1", "2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "libssh2-1", "1.10.0-3+b1", "libssh2", "1.10.0-3", "/var/lib/dpkg/status"),
        Os("Debian:12", "libssl3", "3.0.19-1~deb12u2", "openssl", "3.0.19-1~deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "libstdc++6", "12.2.0-14+deb12u1", "gcc-12", "12.2.0-14+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libsystemd0", "252.38-1~deb12u1", "systemd", "252.38-1~deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libtinfo6", "6.4-4", "ncurses", "6.4-4", "/var/lib/dpkg/status"),
        Os("Debian:12", "libudev1", "252.38-1~deb12u1", "systemd", "252.38-1~deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "libuuid1", "2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "libzstd1", "1.5.4+dfsg2-5", "libzstd", "1.5.4+dfsg2-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "login", "1:4.13+dfsg1-1+deb12u2", "shadow", "1:4.13+dfsg1-1+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "mawk", "1.3.4.20200120-3.1", "mawk", "1.3.4.20200120-3.1", "/var/lib/dpkg/status"),
        Os("Debian:12", "mount", "2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "ncurses-base", "6.4-4", "ncurses", "6.4-4", "/var/lib/dpkg/status"),
        Os("Debian:12", "netbase", "6.4", "netbase", "6.4", "/var/lib/dpkg/status"),
        Os("Debian:12", "openssl", "3.0.19-1~deb12u2", "openssl", "3.0.19-1~deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "passwd", "1:4.13+dfsg1-1+deb12u2", "shadow", "1:4.13+dfsg1-1+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "perl-base", "5.36.0-7+deb12u2", "perl", "5.36.0-7+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "sed", "4.9-1", "sed", "4.9-1", "/var/lib/dpkg/status"),
        Os("Debian:12", "tar", "1.34+dfsg-1.2+deb12u1", "tar", "1.34+dfsg-1.2+deb12u1", "/var/lib/dpkg/status"),
        Os("Debian:12", "tzdata", "2025b-0+deb12u2", "tzdata", "2025b-0+deb12u2", "/var/lib/dpkg/status"),
        Os("Debian:12", "util-linux", "2.38.1-5+b1", "util-linux", "2.38.1-5", "/var/lib/dpkg/status"),
        Os("Debian:12", "zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1", "/var/lib/dpkg/status"),
    ];

    public static IReadOnlyList<InstalledPackage> Distroless { get; } =
    [
        Os("Debian:12", "base-files", "12.4+deb12u11", "base-files", "12.4+deb12u11", "/var/lib/dpkg/status.d"),
        Os("Debian:12", "libc6", "2.36-9+deb12u3", "glibc", "2.36-9+deb12u3", "/var/lib/dpkg/status.d"),
        Os("Debian:12", "libssl3", "3.0.9-1", "openssl", "3.0.9-1", "/var/lib/dpkg/status.d"),
        Os("Debian:12", "netbase", "6.4", "netbase", "6.4", "/var/lib/dpkg/status.d"),
        Os("Debian:12", "tzdata", "2025b-0+deb12u2", "tzdata", "2025b-0+deb12u2", "/var/lib/dpkg/status.d"),
        Os("Debian:12", "zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1", "/var/lib/dpkg/status.d"),
    ];

    public static IReadOnlyList<InstalledPackage> AlpineInstalled { get; } =
    [
        Os("Alpine:v3.18", "alpine-baselayout", "3.4.3-r1", "alpine-baselayout", "3.4.3-r1", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "alpine-baselayout-data", "3.4.3-r1", "alpine-baselayout", "3.4.3-r1", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "alpine-keys", "2.4-r1", "alpine-keys", "2.4-r1", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "apk-tools", "2.14.0-r0", "apk-tools", "2.14.0-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "busybox", "1.36.0-r9", "busybox", "1.36.0-r9", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "busybox-binsh", "1.36.0-r9", "busybox", "1.36.0-r9", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "ca-certificates-bundle", "20230506-r0", "ca-certificates", "20230506-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "libc-utils", "0.7.2-r5", "libc-dev", "0.7.2-r5", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "libcrypto3", "3.1.0-r4", "openssl", "3.1.0-r4", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "libssl3", "3.1.0-r4", "openssl", "3.1.0-r4", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "musl", "1.2.4-r0", "musl", "1.2.4-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "musl-utils", "1.2.4-r0", "musl", "1.2.4-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "scanelf", "1.3.7-r1", "pax-utils", "1.3.7-r1", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "ssl_client", "1.36.0-r9", "busybox", "1.36.0-r9", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "zlib", "1.2.13-r1", "zlib", "1.2.13-r1", "/lib/apk/db/installed"),
    ];

    public static IReadOnlyList<InstalledPackage> AlpineNodeApk { get; } =
    [
        Os("Alpine:v3.18", "alpine-baselayout", "3.4.3-r1", "alpine-baselayout", "3.4.3-r1", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "alpine-baselayout-data", "3.4.3-r1", "alpine-baselayout", "3.4.3-r1", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "alpine-keys", "2.4-r1", "alpine-keys", "2.4-r1", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "apk-tools", "2.14.0-r0", "apk-tools", "2.14.0-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "busybox", "1.36.0-r9", "busybox", "1.36.0-r9", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "busybox-binsh", "1.36.0-r9", "busybox", "1.36.0-r9", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "ca-certificates-bundle", "20230506-r0", "ca-certificates", "20230506-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "libc-utils", "0.7.2-r5", "libc-dev", "0.7.2-r5", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "libcrypto3", "3.1.0-r4", "openssl", "3.1.0-r4", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "libssl3", "3.1.0-r4", "openssl", "3.1.0-r4", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "musl", "1.2.4-r0", "musl", "1.2.4-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "musl-utils", "1.2.4-r0", "musl", "1.2.4-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "scanelf", "1.3.7-r1", "pax-utils", "1.3.7-r1", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "ssl_client", "1.36.0-r9", "busybox", "1.36.0-r9", "/lib/apk/db/installed"),
        Os("Alpine:v3.18", "zlib", "1.2.11-r1", "zlib", "1.2.11-r1", "/lib/apk/db/installed"),
    ];

    public static IReadOnlyList<InstalledPackage> AlpineEdgeCases { get; } =
    [
        Os("Alpine:v3.4", "musl", "1.1.14-r10", "musl", "1.1.14-r10", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "busybox", "1.24.2-r9", "busybox", "1.24.2-r9", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "alpine-baselayout", "3.0.3-r0", "alpine-baselayout", "3.0.3-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "alpine-keys", "1.1-r0", "alpine-keys", "1.1-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "zlib", "1.2.8-r2", "zlib", "1.2.8-r2", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "libcrypto1.0", "1.0.2h-r1", "openssl", "1.0.2h-r1", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "libssl1.0", "1.0.2h-r1", "openssl", "1.0.2h-r1", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "apk-tools", "2.6.7-r0", "apk-tools", "2.6.7-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "scanelf", "1.1.6-r0", "pax-utils", "1.1.6-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "musl-utils", "1.1.14-r10", "musl", "1.1.14-r10", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "libc-utils", "0.7-r0", "libc-dev", "0.7-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "pkgconf", "1.6.0-r0", "pkgconf", "1.6.0-r0", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "sqlite-libs", "3.26.0-r3", "sqlite", "3.26.0-r3", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "test", "2.9.11_pre20061021-r2", "test-parent", "2.9.11_pre20061021-r2", "/lib/apk/db/installed"),
        Os("Alpine:v3.4", "ada-libs", "2.7.4-r0", "ada", "2.7.4-r0", "/lib/apk/db/installed"),
    ];

    /// <summary>§2: alpine-node's visible npm tree after the opaque whiteout.</summary>
    public static IReadOnlyList<InstalledPackage> AlpineNodeNpm { get; } =
    [
        Lang("npm", "@types/node", "20.11.0", "/app/node_modules/@types/node/package.json"),
        Lang("npm", "base", "0.11.2", "/app/node_modules/base/package.json"),
        Lang("npm", "mixin-deep", "1.3.2", "/app/node_modules/base/node_modules/mixin-deep/package.json"),
        Lang("npm", "elliptic", "6.5.4", "/app/node_modules/elliptic/package.json"),
        Lang("npm", "i18next", "1.10.3", "/app/node_modules/i18next/package.json"),
        Lang("npm", "jquery", "2.2.4", "/app/node_modules/jquery/package.json"),
        Lang("npm", "lodash", "4.17.11", "/app/node_modules/lodash/package.json"),
        Lang("npm", "mixin-deep", "2.0.0", "/app/node_modules/mixin-deep/package.json"),
        Lang("npm", "undici-types", "5.26.5", "/app/node_modules/undici-types/package.json"),
    ];

    /// <summary>§3 and §5: the seven Python distributions.</summary>
    public static IReadOnlyList<InstalledPackage> Python { get; } =
    [
        Lang("PyPI", "123bla", "0.0.1", "/usr/local/lib/python3.11/site-packages/123bla-0.0.1.dist-info/METADATA"),
        Lang("PyPI", "Products.PluggableAuthService", "2.6.0", "/usr/local/lib/python3.11/site-packages/Products.PluggableAuthService-2.6.0.dist-info/METADATA"),
        Lang("PyPI", "cryptography", "3.3.1", "/usr/local/lib/python3.11/site-packages/cryptography-3.3.1.dist-info/METADATA"),
        Lang("PyPI", "gradio", "4.36.1", "/usr/local/lib/python3.11/site-packages/gradio-4.36.1.dist-info/METADATA"),
        Lang("PyPI", "protobuf", "3.15.0rc2", "/usr/local/lib/python3.11/site-packages/protobuf-3.15.0rc2.dist-info/METADATA"),
        Lang("PyPI", "requests", "2.30.0", "/usr/local/lib/python3.11/site-packages/requests-2.30.0.dist-info/METADATA"),
        Lang("PyPI", "urllib3", "2.0.7", "/usr/local/lib/python3.11/site-packages/urllib3-2.0.7.dist-info/METADATA"),
    ];

    /// <summary>§5: the Maven coordinates inside fixture-app-1.0.0.jar.</summary>
    public static IReadOnlyList<InstalledPackage> Maven { get; } =
    [
        Lang("Maven", "com.example:fixture-app", "1.0.0", "/fixture-app-1.0.0.jar"),
        Lang("Maven", "log4j:log4j", "1.2.17", "/fixture-app-1.0.0.jar"),
        Lang("Maven", "org.apache.commons:commons-text", "1.9", "/fixture-app-1.0.0.jar"),
        Lang("Maven", "com.fasterxml.jackson.core:jackson-databind", "2.13.2", "/fixture-app-1.0.0.jar"),
        Lang("Maven", "commons-collections:commons-collections", "3.2.2", "/fixture-app-1.0.0.jar"),
    ];

    /// <summary>§5: Cargo.lock's registry crates (the workspace crate has no source and is not a package).</summary>
    public static IReadOnlyList<InstalledPackage> Cargo { get; } =
    [
        Lang("crates.io", "bytes", "0.4.12", "/Cargo.lock"),
        Lang("crates.io", "fnv", "1.0.7", "/Cargo.lock"),
        Lang("crates.io", "http", "0.1.19", "/Cargo.lock"),
        Lang("crates.io", "itoa", "0.4.8", "/Cargo.lock"),
        Lang("crates.io", "libc", "0.2.150", "/Cargo.lock"),
        Lang("crates.io", "smallvec", "1.6.0", "/Cargo.lock"),
        Lang("crates.io", "time", "0.1.45", "/Cargo.lock"),
        Lang("crates.io", "wasi", "0.10.0+wasi-snapshot-preview1", "/Cargo.lock"),
        Lang("crates.io", "winapi", "0.3.9", "/Cargo.lock"),
    ];

    /// <summary>§5: deps.json libraries of type "package".</summary>
    public static IReadOnlyList<InstalledPackage> DotNet { get; } =
    [
        Lang("NuGet", "BouncyCastle.Cryptography", "2.2.1", "/FixtureApp.deps.json"),
        Lang("NuGet", "Google.Protobuf", "3.14.0", "/FixtureApp.deps.json"),
        Lang("NuGet", "Newtonsoft.Json", "12.0.3", "/FixtureApp.deps.json"),
        Lang("NuGet", "System.Text.Json", "8.0.0", "/FixtureApp.deps.json"),
    ];

    /// <summary>§4: trivy-fluentd-multiple-lockfiles.cdx.json (Debian 10.2, source from Trivy's SrcName/SrcVersion).</summary>
    public static IReadOnlyList<InstalledPackage> SbomFluentd { get; } =
    [
        Os("Debian:10", "bash", "5.0-4", "bash", "5.0-4", null) with { Purl = "pkg:deb/debian/bash@5.0-4?distro=debian-10.2" },
        Os("Debian:10", "libidn2-0", "2.0.5-1", "libidn2", "2.0.5-1", null) with { Purl = "pkg:deb/debian/libidn2-0@2.0.5-1?distro=debian-10.2" },
        Lang("RubyGems", "activesupport", "6.0.2.1", null) with { Purl = "pkg:gem/activesupport@6.0.2.1" },
    ];

    /// <summary>§4: fixture-polyglot.cdx.json's purls (nested components included).</summary>
    public static IReadOnlyList<InstalledPackage> SbomPolyglotCycloneDx { get; } =
    [
        Lang("npm", "elliptic", "6.5.3", null),
        Lang("npm", "@types/node", "20.11.0", null),
        Lang("PyPI", "requests", "2.31.0", null),
        Lang("PyPI", "gradio", "4.36.1", null),
        Lang("Maven", "log4j:log4j", "1.2.17", null),
        Lang("Maven", "com.fasterxml.jackson.core:jackson-databind", "2.13.2.1", null),
        Lang("Maven", "org.apache.commons:commons-text", "1.9", null),
        Lang("NuGet", "Newtonsoft.Json", "12.0.3", null),
        Lang("crates.io", "time", "0.2.22", null),
        Lang("Go", "github.com/gin-gonic/gin", "v1.5.0", null),
        Lang("Go", "stdlib", "1.22.4", null),
        Os("Alpine:v3.18", "zlib", "1.2.12-r1", "zlib", "1.2.12-r1", null),
    ];

    /// <summary>§4: fixture-polyglot.spdx.json's purls (percent-encoding decoded).</summary>
    public static IReadOnlyList<InstalledPackage> SbomPolyglotSpdx { get; } =
    [
        Os("Debian:12", "curl", "7.88.1-10+deb12u1", "curl", "7.88.1-10+deb12u1", null),
        Os("Debian:12", "libc6", "2.36-9+deb12u2", "glibc", "2.36-9+deb12u2", null),
        Os("Debian:12", "openssl", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2", null),
        Os("Debian:12", "zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1", null),
        Lang("PyPI", "requests", "2.30.0", null),
        Lang("PyPI", "products.pluggableauthservice", "2.6.0", null),
        Lang("PyPI", "cryptography", "3.3.1", null),
        Lang("NuGet", "newtonsoft.json", "12.0.1", null),
        Lang("NuGet", "BouncyCastle", "1.8.9", null),
        Lang("crates.io", "time", "0.2.1", null),
        Lang("crates.io", "http", "0.1.19", null),
        Lang("Maven", "org.apache.commons:commons-text", "1.10.0", null),
        Lang("Go", "golang.org/x/net", "v0.3.0", null),
        Lang("npm", "mixin-deep", "2.0.0", null),
    ];

    /// <summary>§4: osv-scanner-only-unimportant.spdx.json (Ubuntu focal; osv/ has no Ubuntu records).</summary>
    public static IReadOnlyList<InstalledPackage> SbomUbuntu { get; } =
    [
        Os("Ubuntu:20.04:LTS", "libpcre3", "2:8.39-12ubuntu0.1", "pcre3", "2:8.39-12ubuntu0.1", null),
    ];

    private static InstalledPackage Os(string ecosystem, string name, string version, string source, string sourceVersion, string? path) =>
        new(ecosystem, name, version) { SourceName = source, SourceVersion = sourceVersion, FilePath = path };

    private static InstalledPackage Lang(string ecosystem, string name, string version, string? path) =>
        new(ecosystem, name, version) { FilePath = path };
}
