using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.Cluster.Support;

/// <summary>
/// A real OpenLDAP slapd (Debian's slapd package) with its own slapd.conf and MDB database in a temporary
/// directory, on a free loopback port, seeded through ldapadd so the memberof overlay fills in memberOf as it
/// would in production. The system slapd service is never used. Missing binaries fail the tests: LDAP auth
/// must not silently go untested.
/// </summary>
public sealed class SlapdServer : IAsyncLifetime
{
    public const string Suffix = "dc=example,dc=org";
    public const string People = "ou=people," + Suffix;
    public const string Groups = "ou=groups," + Suffix;
    public const string SearchDn = "cn=search," + Suffix;
    public const string SearchPassword = "Search-Secret-1";
    public const string DevsDn = "cn=devs," + Groups;
    public const string AdminsDn = "cn=admins," + Groups;
    public const string OpsDn = "cn=ops," + Groups;

    private const string RootDn = "cn=root," + Suffix;
    private const string RootPassword = "Root-Secret-1";

    private readonly StringBuilder _log = new();
    private Process? _process;
    private string _root = string.Empty;

    public int Port { get; private set; }

    public string Url => $"ldap://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The password of each seeded user: <c>&lt;uid&gt;-Pass-1</c>.</summary>
    public static string PasswordOf(string uid) => uid + "-Pass-1";

    /// <summary>Gateway settings for LDAP mode against this server.</summary>
    public IEnumerable<KeyValuePair<string, string>> GatewaySettings() =>
    [
        new("ArtifactKeeper:Auth:Mode", "Ldap"),
        new("ArtifactKeeper:Ldap:Url", Url),
        new("ArtifactKeeper:Ldap:SearchDn", SearchDn),
        new("ArtifactKeeper:Ldap:SearchPassword", SearchPassword),
        new("ArtifactKeeper:Ldap:BaseDn", People),
        new("ArtifactKeeper:Ldap:Filter", "(objectClass=inetOrgPerson)"),
        new("ArtifactKeeper:Ldap:Scope", "onelevel"),
        new("ArtifactKeeper:Ldap:GroupBaseDn", Groups),
        new("ArtifactKeeper:Ldap:GroupFilter", "(|(objectClass=groupOfNames)(objectClass=posixGroup))"),
        new("ArtifactKeeper:Ldap:GroupAdminDn", AdminsDn),
    ];

    public async ValueTask InitializeAsync()
    {
        var slapd = Find("/usr/sbin/slapd");
        var ldapadd = Find("/usr/bin/ldapadd");
        _root = Path.Combine(Path.GetTempPath(), "ak-slapd-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(_root, "data"));
        var config = Path.Combine(_root, "slapd.conf");
        await File.WriteAllTextAsync(config, Config(_root));
        var seed = Path.Combine(_root, "seed.ldif");
        await File.WriteAllTextAsync(seed, Seed);

        await StartAsync(slapd, config);
        await ToolProcess.RunAsync(ldapadd, ["-x", "-H", Url, "-D", RootDn, "-w", RootPassword, "-f", seed]);
    }

    /// <summary>Stops the server for good, as an outage would.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task StartAsync(string slapd, string config)
    {
        Port = LoopbackPorts.PickFree();
        var info = new ProcessStartInfo(slapd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // -d keeps slapd in the foreground, so the process handle is the server and Kill ends it.
        foreach (var argument in new[] { "-h", Url + "/", "-f", config, "-d", "0" })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start slapd");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException ex)
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"slapd did not start: {ex.Message}\n{Log()}", ex);
                }

                await Task.Delay(100);
            }
        }
    }

    private static string Config(string root) => $"""
        include /etc/ldap/schema/core.schema
        include /etc/ldap/schema/cosine.schema
        include /etc/ldap/schema/inetorgperson.schema
        include /etc/ldap/schema/nis.schema
        modulepath /usr/lib/ldap
        moduleload back_mdb
        moduleload memberof
        pidfile {root}/slapd.pid
        database mdb
        maxsize 10485760
        suffix "{Suffix}"
        rootdn "{RootDn}"
        rootpw {RootPassword}
        directory {root}/data
        overlay memberof
        """;

    private static string Person(string uid, string cn, string mail) => $"""
        dn: uid={uid},{People}
        objectClass: inetOrgPerson
        uid: {uid}
        cn: {cn}
        sn: {cn.Split(' ')[^1]}
        mail: {mail}
        userPassword: {PasswordOf(uid)}

        """;

    // alice: devs. bob: devs and admins. carol: only a posixGroup (memberUid, so no memberOf). The others: no groups.
    // A directory user named admin must never become the local admin.
    private static readonly string Seed = $"""
        dn: {Suffix}
        objectClass: dcObject
        objectClass: organization
        o: Example
        dc: example

        dn: {SearchDn}
        objectClass: organizationalRole
        objectClass: simpleSecurityObject
        cn: search
        userPassword: {SearchPassword}

        dn: {People}
        objectClass: organizationalUnit
        ou: people

        dn: {Groups}
        objectClass: organizationalUnit
        ou: groups

        {Person("alice", "Alice Liddell", "alice@example.org")}
        {Person("bob", "Bob Builder", "bob@example.org")}
        {Person("carol", "Carol Danvers", "carol@example.org")}
        {Person("dave", "Dave Lister", "dave@example.org")}
        {Person("erin", "Erin Brockovich", "erin@example.org")}
        {Person("frank", "Frank Drebin", "frank@example.org")}
        {Person("grace", "Grace Hopper", "grace@example.org")}
        {Person("heidi", "Heidi Klum", "heidi@example.org")}
        {Person("ivan", "Ivan Drago", "ivan@example.org")}
        {Person("admin", "Directory Admin", "admin@example.org")}
        dn: {DevsDn}
        objectClass: groupOfNames
        cn: devs
        member: uid=alice,{People}
        member: uid=bob,{People}

        dn: {AdminsDn}
        objectClass: groupOfNames
        cn: admins
        member: uid=bob,{People}

        dn: {OpsDn}
        objectClass: posixGroup
        cn: ops
        gidNumber: 5000
        memberUid: carol

        """;

    private static string Find(string path) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run scripts/install-deps.sh (it installs slapd and ldap-utils).");

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

}
