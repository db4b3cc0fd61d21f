using ArtifactKeeper.Storage.Postgres;

namespace ArtifactKeeper.Hosting.Cluster;

/// <summary>
/// The tables and queries Orleans' ADO.NET clustering, reminder and grain-storage providers use on
/// PostgreSQL, as migrations of their own (<c>ak_orleans_schema_version</c>) beside the registry's.
/// </summary>
/// <remarks>
/// <para>
/// The providers ship no database scripts in their packages: each loads its statements at start from
/// <c>OrleansQuery</c> (<c>QueryKey</c> → <c>QueryText</c>) and runs them with named parameters
/// (<c>@DeploymentId</c>, <c>@Version</c>, ...), reading result columns by name. The statements below
/// honour that contract on tables designed here:
/// </para>
/// <list type="bullet">
/// <item>Membership is optimistic on one version row per cluster: an insert or update of a silo row
/// succeeds only if the caller saw the current version, and then bumps it. The version row is locked
/// first (<c>FOR UPDATE</c>) so two silos racing on the same version cannot both succeed, and the
/// silo row is written only when the version matched, all in one statement.</item>
/// <item>Conditional writes answer one row with one boolean, because the providers read exactly one.</item>
/// <item>Grain-state writes answer one row: the new version, or NULL on a version conflict, which the
/// provider turns into an <c>InconsistentStateException</c>.</item>
/// </list>
/// <para>Timestamps are <c>timestamptz</c>: the providers pass UTC <see cref="DateTime"/> values.</para>
/// </remarks>
public static class OrleansPostgresSchema
{
    /// <summary>Key of the advisory lock serializing these migrations ("akorle" in ASCII).</summary>
    public const long MigrationLockKey = 0x616B_6F72_6C65;

    public static readonly PostgresSchemaDefinition Definition = new("ak_orleans_schema_version", MigrationLockKey, Migrations());

    private static IReadOnlyList<PostgresMigration> Migrations() =>
    [
        new(1, Tables + Queries(
            ("InsertMembershipVersionKey", InsertMembershipVersion),
            ("MembershipReadAllKey", MembershipReadAll),
            ("MembershipReadRowKey", MembershipReadRow),
            ("InsertMembershipKey", InsertMembership),
            ("UpdateMembershipKey", UpdateMembership),
            ("UpdateIAmAlivetimeKey", UpdateIAmAlive),
            ("GatewaysQueryKey", Gateways),
            ("DeleteMembershipTableEntriesKey", DeleteMembershipEntries),
            ("CleanupDefunctSiloEntriesKey", CleanupDefunctSilos),
            ("ReadReminderRowsKey", ReminderColumns + "WHERE service_id = @ServiceId AND grain_id = @GrainId;"),
            ("ReadReminderRowKey", ReminderColumns + "WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;"),
            ("ReadRangeRows1Key", ReminderColumns + "WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;"),
            ("ReadRangeRows2Key", ReminderColumns + "WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);"),
            ("UpsertReminderRowKey", UpsertReminder),
            ("DeleteReminderRowKey", DeleteReminder),
            ("DeleteReminderRowsKey", "DELETE FROM orleans_reminders WHERE service_id = @ServiceId;"),
            ("ReadFromStorageKey", ReadGrainState),
            ("WriteToStorageKey", WriteGrainState),
            ("ClearStorageKey", ClearGrainState),
            ("DeleteStorageKey", DeleteGrainState))),
    ];

    private const string Tables = """
        CREATE TABLE orleansquery (
            querykey  varchar(64) PRIMARY KEY,
            querytext text NOT NULL
        );

        CREATE TABLE orleans_membership_version (
            deployment_id text PRIMARY KEY,
            version       integer NOT NULL DEFAULT 0,
            updated_at    timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE orleans_membership (
            deployment_id text NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
            address       text NOT NULL,
            port          integer NOT NULL,
            generation    integer NOT NULL,
            silo_name     text,
            host_name     text NOT NULL,
            status        integer NOT NULL,
            proxy_port    integer,
            suspect_times text,
            start_time    timestamptz NOT NULL,
            iamalive_time timestamptz NOT NULL,
            PRIMARY KEY (deployment_id, address, port, generation)
        );

        CREATE TABLE orleans_reminders (
            service_id    text NOT NULL,
            grain_id      text NOT NULL,
            reminder_name text NOT NULL,
            start_time    timestamptz NOT NULL,
            period        bigint NOT NULL,
            grain_hash    integer NOT NULL,
            version       integer NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        );
        CREATE INDEX ix_orleans_reminders_hash ON orleans_reminders (service_id, grain_hash);

        CREATE TABLE orleans_storage (
            service_id        text NOT NULL,
            grain_type        text NOT NULL,
            grain_id_n0       bigint NOT NULL,
            grain_id_n1       bigint NOT NULL,
            grain_id_ext      text NOT NULL,
            grain_id_hash     integer NOT NULL,
            grain_type_hash   integer NOT NULL,
            version           integer NOT NULL,
            payload           bytea,
            modified_at       timestamptz NOT NULL,
            PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
        );

        """;

    private const string InsertMembershipVersion = """
        WITH created AS (
            INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
            ON CONFLICT (deployment_id) DO NOTHING
            RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM created);
        """;

    private const string MembershipColumns = """
        SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
               m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
               m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.iamalive_time AS "IAmAliveTime"
        FROM orleans_membership_version v

        """;

    // The version row always comes back, members or not: the provider reads the table version from the first row.
    private const string MembershipReadAll = MembershipColumns + """
        LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
        WHERE v.deployment_id = @DeploymentId;
        """;

    private const string MembershipReadRow = MembershipColumns + """
        LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
            AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
        WHERE v.deployment_id = @DeploymentId;
        """;

    private const string InsertMembership = """
        WITH expected AS (
            SELECT deployment_id FROM orleans_membership_version
            WHERE deployment_id = @DeploymentId AND version = @Version
            FOR UPDATE),
        inserted AS (
            INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, iamalive_time)
            SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM expected
            ON CONFLICT DO NOTHING
            RETURNING 1),
        bumped AS (
            UPDATE orleans_membership_version SET version = version + 1, updated_at = now()
            WHERE deployment_id = @DeploymentId AND EXISTS (SELECT 1 FROM inserted)
            RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM bumped);
        """;

    private const string UpdateMembership = """
        WITH expected AS (
            SELECT deployment_id FROM orleans_membership_version
            WHERE deployment_id = @DeploymentId AND version = @Version
            FOR UPDATE),
        updated AS (
            UPDATE orleans_membership m
            SET status = @Status, suspect_times = @SuspectTimes, iamalive_time = @IAmAliveTime
            FROM expected
            WHERE m.deployment_id = expected.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
            RETURNING 1),
        bumped AS (
            UPDATE orleans_membership_version SET version = version + 1, updated_at = now()
            WHERE deployment_id = @DeploymentId AND EXISTS (SELECT 1 FROM updated)
            RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM bumped);
        """;

    private const string UpdateIAmAlive = """
        UPDATE orleans_membership SET iamalive_time = @IAmAliveTime
        WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
        """;

    private const string Gateways = """
        SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
        FROM orleans_membership
        WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
        """;

    private const string DeleteMembershipEntries = "DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;";

    // Status 3 is SiloStatus.Active: a live silo's row is never removed, however stale its heartbeat.
    private const string CleanupDefunctSilos = """
        DELETE FROM orleans_membership
        WHERE deployment_id = @DeploymentId AND iamalive_time < @IAmAliveTime AND status <> 3;
        """;

    private const string ReminderColumns = """
        SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
               period AS "Period", version AS "Version"
        FROM orleans_reminders

        """;

    private const string UpsertReminder = """
        INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
        VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
        ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
        SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
            version = orleans_reminders.version + 1
        RETURNING version AS "Version";
        """;

    private const string DeleteReminder = """
        WITH deleted AS (
            DELETE FROM orleans_reminders
            WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
            RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM deleted);
        """;

    // Opens with a line break: it is appended straight after WHERE or AND.
    private const string GrainKey = """

        service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0
        AND grain_id_n1 = @GrainIdN1 AND grain_id_ext = COALESCE(@GrainIdExtensionString, '')
        """;

    private const string ReadGrainState = """
        SELECT payload AS "PayloadBinary", version AS "Version" FROM orleans_storage WHERE
        """ + GrainKey + ";";

    // A first write (no version) inserts version 1 unless a row exists; later writes must name the stored version.
    private const string WriteGrainState = """
        WITH updated AS (
            UPDATE orleans_storage SET payload = @PayloadBinary, version = version + 1, modified_at = now()
            WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion AND
        """ + GrainKey + """

            RETURNING version),
        inserted AS (
            INSERT INTO orleans_storage (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_id_hash, grain_type_hash, version, payload, modified_at)
            SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''), @GrainIdHash, @GrainTypeHash, 1, @PayloadBinary, now()
            WHERE @GrainStateVersion IS NULL
            ON CONFLICT DO NOTHING
            RETURNING version)
        SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted LIMIT 1) AS "NewGrainStateVersion";
        """;

    private const string ClearGrainState = """
        WITH cleared AS (
            UPDATE orleans_storage SET payload = NULL, version = version + 1, modified_at = now()
            WHERE version = @GrainStateVersion AND
        """ + GrainKey + """

            RETURNING version)
        SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion";
        """;

    // Answers the deleted version + 1, as the provider expects, so its conflict check passes on success.
    private const string DeleteGrainState = """
        WITH deleted AS (
            DELETE FROM orleans_storage WHERE version = @GrainStateVersion AND
        """ + GrainKey + """

            RETURNING version)
        SELECT (SELECT version + 1 FROM deleted) AS "NewGrainStateVersion";
        """;

    private static string Queries(params (string Key, string Text)[] queries) =>
        string.Concat(queries.Select(q =>
            $"INSERT INTO orleansquery (querykey, querytext) VALUES ('{q.Key}', $q${q.Text}$q$);\n"));
}
