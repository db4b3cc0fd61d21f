using ArtifactKeeper.Storage.Postgres;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>
/// The PostgreSQL schema as an ordered list of migrations, the same tables as <c>SqliteSchema</c>.
/// <see cref="PostgresMigrator"/> applies those not yet recorded in
/// <c>ak_schema_version</c>, in one transaction under <see cref="MigrationLockKey"/>. Append new
/// versions; never edit an applied one.
/// </summary>
/// <remarks>
/// The database is shared with Orleans' ADO.NET tables, hence the <c>ak_</c> version table and no
/// <c>Orleans*</c> names here. Names and digests are <c>COLLATE "C"</c> (byte order of UTF-8, as
/// SQLite's BINARY) so ordering never depends on the database's locale. Timestamps are unix
/// milliseconds, as in SQLite, so both stores round-trip exactly the same values.
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>Key of the transaction-scoped advisory lock that serializes migrations across processes ("akmeta" in ASCII).</summary>
    public const long MigrationLockKey = 0x616B_6D65_7461;

    public static readonly PostgresSchemaDefinition Definition = new("ak_schema_version", MigrationLockKey, Migrations());

    private static IReadOnlyList<PostgresMigration> Migrations() =>
    [
        new(1, """
            CREATE TABLE projects (
                project_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name          text COLLATE "C" NOT NULL UNIQUE,
                owner_name    text NOT NULL,
                metadata      jsonb NOT NULL,
                creation_time bigint NOT NULL,
                update_time   bigint NOT NULL
            );

            CREATE TABLE repositories (
                name          text COLLATE "C" PRIMARY KEY,
                project       text COLLATE "C" NOT NULL,
                creation_time bigint NOT NULL,
                update_time   bigint NOT NULL
            );
            CREATE INDEX ix_repositories_project ON repositories (project);

            CREATE TABLE manifests (
                repository    text COLLATE "C" NOT NULL REFERENCES repositories (name) ON DELETE CASCADE,
                digest        text COLLATE "C" NOT NULL,
                media_type    text NOT NULL,
                artifact_type text,
                size          bigint NOT NULL,
                subject       text COLLATE "C",
                content       bytea NOT NULL,
                annotations   jsonb,
                pushed_at     bigint NOT NULL,
                PRIMARY KEY (repository, digest)
            );
            CREATE INDEX ix_manifests_subject ON manifests (repository, subject) WHERE subject IS NOT NULL;

            CREATE TABLE manifest_references (
                repository      text COLLATE "C" NOT NULL,
                manifest_digest text COLLATE "C" NOT NULL,
                target_digest   text COLLATE "C" NOT NULL,
                kind            integer NOT NULL,
                PRIMARY KEY (repository, manifest_digest, target_digest, kind),
                FOREIGN KEY (repository, manifest_digest) REFERENCES manifests (repository, digest) ON DELETE CASCADE
            );
            CREATE INDEX ix_manifest_references_target ON manifest_references (target_digest);

            CREATE TABLE tags (
                repository text COLLATE "C" NOT NULL,
                name       text COLLATE "C" NOT NULL,
                digest     text COLLATE "C" NOT NULL,
                pushed_at  bigint NOT NULL,
                PRIMARY KEY (repository, name),
                FOREIGN KEY (repository, digest) REFERENCES manifests (repository, digest) ON DELETE CASCADE
            );
            CREATE INDEX ix_tags_digest ON tags (repository, digest);

            CREATE TABLE blobs (
                digest       text COLLATE "C" PRIMARY KEY,
                size         bigint NOT NULL,
                state        integer NOT NULL,
                last_touched bigint NOT NULL
            );

            CREATE TABLE repository_blobs (
                digest     text COLLATE "C" NOT NULL REFERENCES blobs (digest) ON DELETE CASCADE,
                repository text COLLATE "C" NOT NULL,
                linked_at  bigint NOT NULL,
                PRIMARY KEY (digest, repository)
            );
            CREATE INDEX ix_repository_blobs_repository ON repository_blobs (repository);

            CREATE TABLE uploads (
                id         text COLLATE "C" PRIMARY KEY,
                repository text COLLATE "C" NOT NULL,
                "offset"   bigint NOT NULL,
                started_at bigint NOT NULL,
                updated_at bigint NOT NULL
            );
            CREATE INDEX ix_uploads_updated_at ON uploads (updated_at);

            CREATE TABLE users (
                user_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                username      text COLLATE "C" NOT NULL UNIQUE,
                password_hash text NOT NULL,
                is_admin      boolean NOT NULL,
                creation_time bigint NOT NULL
            );

            CREATE TABLE settings (
                key   text COLLATE "C" PRIMARY KEY,
                value text NOT NULL
            );
            """),
        new(2, """
            ALTER TABLE users
                ADD COLUMN email       text COLLATE "C",
                ADD COLUMN realname    text COLLATE "C" NOT NULL DEFAULT '',
                ADD COLUMN comment     text NOT NULL DEFAULT '',
                ADD COLUMN update_time bigint NOT NULL DEFAULT 0;
            UPDATE users SET update_time = creation_time;
            CREATE UNIQUE INDEX ux_users_email ON users (email);
            """),
        new(3, """
            CREATE TABLE user_groups (
                id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                group_name    text COLLATE "C" NOT NULL,
                group_type    integer NOT NULL CHECK (group_type BETWEEN 1 AND 3),
                ldap_group_dn text COLLATE "C" NOT NULL DEFAULT '',
                creation_time bigint NOT NULL,
                update_time   bigint NOT NULL,
                UNIQUE (group_type, group_name)
            );
            CREATE UNIQUE INDEX ux_user_groups_ldap_group_dn ON user_groups (ldap_group_dn) WHERE group_type = 1;

            CREATE TABLE project_members (
                id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                project_id    bigint NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
                entity_type   text NOT NULL CHECK (entity_type IN ('u', 'g')),
                entity_id     bigint NOT NULL,
                role          integer NOT NULL CHECK (role BETWEEN 1 AND 5),
                creation_time bigint NOT NULL,
                update_time   bigint NOT NULL,
                UNIQUE (project_id, entity_type, entity_id)
            );
            CREATE INDEX ix_project_members_entity ON project_members (entity_type, entity_id);

            -- Whoever deletes a user, its memberships go with it (Harbor deletes them with the user).
            CREATE FUNCTION ak_delete_user_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM project_members WHERE entity_type = 'u' AND entity_id = OLD.user_id;
                RETURN OLD;
            END;
            $$;
            CREATE TRIGGER tr_users_delete_memberships AFTER DELETE ON users
                FOR EACH ROW EXECUTE FUNCTION ak_delete_user_memberships();

            -- Harbor makes a project's creator its Project Admin; projects created before members existed get theirs.
            INSERT INTO project_members (project_id, entity_type, entity_id, role, creation_time, update_time)
            SELECT p.project_id, 'u', u.user_id, 1, p.creation_time, p.creation_time
            FROM projects p JOIN users u ON u.username = p.owner_name;
            """),
        new(4, """
            CREATE TABLE robots (
                robot_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name          text COLLATE "C" NOT NULL UNIQUE,
                description   text NOT NULL,
                project_id    bigint REFERENCES projects (project_id) ON DELETE CASCADE,
                secret_hash   text NOT NULL,
                duration      bigint NOT NULL,
                expires_at    bigint NOT NULL,
                disabled      boolean NOT NULL,
                creator_type  text NOT NULL,
                creator_ref   bigint NOT NULL,
                permissions   jsonb NOT NULL,
                creation_time bigint NOT NULL,
                update_time   bigint NOT NULL
            );
            CREATE INDEX ix_robots_project_id ON robots (project_id);
            """),
        new(5, """
            CREATE TABLE audit_log (
                id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                project_id    bigint,
                username      text COLLATE "C" NOT NULL,
                resource      text COLLATE "C" NOT NULL,
                resource_type text COLLATE "C" NOT NULL,
                operation     text COLLATE "C" NOT NULL,
                op_result     boolean NOT NULL,
                op_desc       text,
                op_time       bigint NOT NULL
            );
            CREATE INDEX ix_audit_log_op_time ON audit_log (op_time);
            CREATE INDEX ix_audit_log_project_op_time ON audit_log (project_id, op_time);
            """),
        new(7, """
            CREATE TABLE oidc_users (
                user_id       bigint PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
                issuer        text COLLATE "C" NOT NULL,
                subject       text COLLATE "C" NOT NULL,
                cli_secret    text NOT NULL,
                groups        jsonb NOT NULL,
                creation_time bigint NOT NULL,
                update_time   bigint NOT NULL,
                UNIQUE (issuer, subject)
            );
            """),
        new(8, """
            -- Harbor ids and description for repositories, artifacts (manifests) and tags.
            ALTER TABLE repositories ADD COLUMN repository_id bigint GENERATED BY DEFAULT AS IDENTITY;
            ALTER TABLE repositories ADD COLUMN description text NOT NULL DEFAULT '';
            ALTER TABLE manifests ADD COLUMN artifact_id bigint GENERATED BY DEFAULT AS IDENTITY;
            ALTER TABLE tags ADD COLUMN tag_id bigint GENERATED BY DEFAULT AS IDENTITY;
            CREATE UNIQUE INDEX ux_repositories_repository_id ON repositories (repository_id);
            CREATE UNIQUE INDEX ux_manifests_artifact_id ON manifests (artifact_id);
            CREATE UNIQUE INDEX ux_tags_tag_id ON tags (tag_id);
            CREATE INDEX ix_manifests_repository_pushed ON manifests (repository, pushed_at, digest);
            CREATE INDEX ix_tags_repository_digest_pushed ON tags (repository, digest, pushed_at, tag_id, name);
            CREATE INDEX ix_manifest_references_repository_target ON manifest_references (repository, target_digest, kind);
            """),
        new(9, """
            -- Harbor's labels: global ('g', no project) or of one project ('p'); a name is unique per scope and project.
            CREATE TABLE labels (
                id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name          text COLLATE "C" NOT NULL,
                description   text NOT NULL,
                color         text COLLATE "C" NOT NULL,
                scope         text COLLATE "C" NOT NULL CHECK (scope IN ('g', 'p')),
                project_id    bigint REFERENCES projects (project_id) ON DELETE CASCADE,
                creation_time bigint NOT NULL,
                update_time   bigint NOT NULL,
                CHECK ((scope = 'g') = (project_id IS NULL))
            );
            CREATE UNIQUE INDEX ux_labels_scope_project_name ON labels (scope, COALESCE(project_id, 0), name);

            CREATE TABLE artifact_labels (
                repository      text COLLATE "C" NOT NULL,
                manifest_digest text COLLATE "C" NOT NULL,
                label_id        bigint NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
                creation_time   bigint NOT NULL,
                PRIMARY KEY (repository, manifest_digest, label_id),
                FOREIGN KEY (repository, manifest_digest) REFERENCES manifests (repository, digest) ON DELETE CASCADE
            );
            CREATE INDEX ix_artifact_labels_label ON artifact_labels (label_id);
            """),
        new(11, """
            CREATE TABLE immutable_tag_rules (
                id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                project_id      bigint NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
                priority        integer NOT NULL,
                disabled        boolean NOT NULL,
                action          text NOT NULL,
                template        text NOT NULL,
                params          text,
                tag_selectors   jsonb NOT NULL,
                scope_selectors jsonb NOT NULL,
                creation_time   bigint NOT NULL,
                update_time     bigint NOT NULL
            );
            CREATE INDEX ix_immutable_tag_rules_project_id ON immutable_tag_rules (project_id);
            """),
        new(12, """
            -- Pulls are counted in memory and added in batches (Harbor's pull_count and pull_time).
            ALTER TABLE manifests ADD COLUMN pull_count bigint NOT NULL DEFAULT 0;
            ALTER TABLE manifests ADD COLUMN pull_time bigint;
            ALTER TABLE repositories ADD COLUMN pull_count bigint NOT NULL DEFAULT 0;
            """),
        new(10, """
            CREATE TABLE quotas (
                id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                project_id    bigint NOT NULL UNIQUE REFERENCES projects (project_id) ON DELETE CASCADE,
                hard_storage  bigint NOT NULL,
                used_storage  bigint NOT NULL,
                creation_time bigint NOT NULL,
                update_time   bigint NOT NULL
            );

            -- Who holds each digest a project is charged for; a digest costs its size once per project.
            CREATE TABLE quota_references (
                project_id bigint NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
                digest     text COLLATE "C" NOT NULL,
                repository text COLLATE "C" NOT NULL,
                kind       integer NOT NULL,
                size       bigint NOT NULL,
                PRIMARY KEY (project_id, digest, repository, kind)
            );

            -- Projects created before quotas: unlimited, charged for what their repositories hold now.
            INSERT INTO quotas (project_id, hard_storage, used_storage, creation_time, update_time)
            SELECT project_id, -1, 0, creation_time, update_time FROM projects;
            INSERT INTO quota_references (project_id, digest, repository, kind, size)
            SELECT p.project_id, rb.digest, rb.repository, 0, b.size
            FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest
            JOIN projects p ON rb.repository = p.name OR left(rb.repository, length(p.name) + 1) = p.name || '/'
            WHERE b.state = 1
            UNION ALL
            SELECT p.project_id, m.digest, m.repository, 1, m.size
            FROM manifests m
            JOIN projects p ON m.repository = p.name OR left(m.repository, length(p.name) + 1) = p.name || '/';
            UPDATE quotas SET used_storage = (
                SELECT COALESCE(SUM(r.size), 0) FROM (SELECT DISTINCT ON (digest) size FROM quota_references
                WHERE project_id = quotas.project_id ORDER BY digest) r);
            """),
        new(14, """
            -- Tag retention (Harbor): at most one policy per project; executions, and one task per repository with its log.
            CREATE TABLE retention_policies (
                id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                scope_level      text NOT NULL,
                project_id       bigint NOT NULL UNIQUE REFERENCES projects (project_id) ON DELETE CASCADE,
                algorithm        text NOT NULL,
                rules            jsonb NOT NULL,
                trigger_settings jsonb NOT NULL,
                creation_time    bigint NOT NULL,
                update_time      bigint NOT NULL
            );

            CREATE TABLE retention_executions (
                id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                policy_id    bigint NOT NULL REFERENCES retention_policies (id) ON DELETE CASCADE,
                status       text NOT NULL,
                triggered_by text NOT NULL,
                dry_run      boolean NOT NULL,
                start_time   bigint NOT NULL,
                end_time     bigint
            );
            CREATE INDEX ix_retention_executions_policy ON retention_executions (policy_id, id);

            CREATE TABLE retention_tasks (
                id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                execution_id bigint NOT NULL REFERENCES retention_executions (id) ON DELETE CASCADE,
                repository   text COLLATE "C" NOT NULL,
                status       text NOT NULL,
                total        integer NOT NULL,
                retained     integer NOT NULL,
                start_time   bigint NOT NULL,
                end_time     bigint,
                log          text NOT NULL
            );
            CREATE INDEX ix_retention_tasks_execution ON retention_tasks (execution_id, id);
            """),
        new(13, """
            -- The scheduler's cron schedules (GC, retention, replication, scan-all), one per job.
            CREATE TABLE schedules (
                kind          text COLLATE "C" NOT NULL,
                job_key       text COLLATE "C" NOT NULL,
                type          text NOT NULL,
                cron          text NOT NULL,
                parameters    text NOT NULL,
                next_run_at   bigint NOT NULL,
                last_run_at   bigint,
                creation_time bigint NOT NULL,
                update_time   bigint NOT NULL,
                PRIMARY KEY (kind, job_key)
            );
            """),
        new(15, """
            -- GC history: one row per run; figures as JSON, the log appended as the run goes.
            CREATE TABLE gc_runs (
                id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                job_kind      text NOT NULL,
                parameters    text NOT NULL,
                status        integer NOT NULL,
                figures       text NOT NULL,
                log           text NOT NULL,
                creation_time bigint NOT NULL,
                update_time   bigint NOT NULL
            );
            CREATE INDEX ix_manifest_references_blob_target ON manifest_references (target_digest, repository) WHERE kind = 0;
            """),
        new(16, """
            -- Content trust: one policy document per project (the API's JSON, kept as text) and its version.
            CREATE TABLE content_trust_policies (
                project_id  bigint PRIMARY KEY REFERENCES projects (project_id) ON DELETE CASCADE,
                document    text NOT NULL,
                version     bigint NOT NULL,
                update_time bigint NOT NULL
            );
            """),
        new(17, """
            -- CVE allowlists: scope 0 is the system list, any other scope the project of that id (whose row it follows
            -- on delete). Entries as a JSON array; the version guards concurrent writers.
            CREATE TABLE cve_allowlists (
                id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                scope         bigint NOT NULL UNIQUE,
                project_id    bigint REFERENCES projects (project_id) ON DELETE CASCADE,
                expires_at    bigint,
                items         text NOT NULL,
                version       bigint NOT NULL,
                creation_time bigint NOT NULL,
                update_time   bigint NOT NULL,
                CHECK ((scope = 0 AND project_id IS NULL) OR project_id = scope)
            );
            """),
        new(18, """
            -- Scanner registrations (Harbor's scanner_registration) and the scanner each project uses. The built-in
            -- scanner is a row of its own: the default until another is made default, immutable, never deleted.
            CREATE TABLE scanner_registrations (
                uuid              text PRIMARY KEY,
                name              text NOT NULL UNIQUE,
                description       text NOT NULL,
                url               text NOT NULL UNIQUE,
                disabled          boolean NOT NULL,
                is_default        boolean NOT NULL,
                auth              text NOT NULL,
                access_credential text NOT NULL,
                skip_cert_verify  boolean NOT NULL,
                use_internal_addr boolean NOT NULL,
                immutable         boolean NOT NULL,
                create_time       bigint NOT NULL,
                update_time       bigint NOT NULL
            );
            CREATE UNIQUE INDEX ux_scanner_registrations_default ON scanner_registrations (is_default) WHERE is_default;
            INSERT INTO scanner_registrations VALUES (
                '00000000-0000-0000-0000-00000000a001', 'ArtifactKeeper', 'The built-in offline scanner', 'builtin://artifactkeeper',
                false, true, '', '', false, false, true, 0, 0);
            CREATE TABLE project_scanners (
                project_id   bigint PRIMARY KEY REFERENCES projects (project_id) ON DELETE CASCADE,
                scanner_uuid text NOT NULL REFERENCES scanner_registrations (uuid) ON DELETE CASCADE
            );
            """),
        new(19, """
            -- Scans and their reports (gzip JSON), one row per scan; the newest row of a digest is its scan overview.
            CREATE TABLE scan_reports (
                seq              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                report_id        text COLLATE "C" NOT NULL UNIQUE,
                digest           text COLLATE "C" NOT NULL,
                repository       text COLLATE "C" NOT NULL,
                scanner_name     text COLLATE "C" NOT NULL,
                scanner_vendor   text NOT NULL,
                scanner_version  text NOT NULL,
                status           text NOT NULL,
                database_version text COLLATE "C",
                start_time       bigint NOT NULL,
                end_time         bigint,
                error            text,
                requester        text,
                severity         integer,
                total            integer,
                fixable          integer,
                summary          text,
                report           bytea,
                log              text NOT NULL
            );
            CREATE INDEX ix_scan_reports_digest ON scan_reports (digest, seq);
            CREATE INDEX ix_scan_reports_current ON scan_reports (digest, scanner_name, database_version) WHERE status = 'Success';
            """),
        new(20, """
            -- Registry endpoints (Harbor's registry table): replication sources and targets, proxy-cache upstreams. The
            -- credential's secret is sealed (bound to the name); status is the last ping's outcome.
            CREATE TABLE registry_endpoints (
                id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name            text COLLATE "C" NOT NULL UNIQUE,
                type            text COLLATE "C" NOT NULL,
                url             text COLLATE "C" NOT NULL,
                description     text NOT NULL,
                insecure        boolean NOT NULL,
                credential_type text NOT NULL,
                access_key      text,
                access_secret   text NOT NULL,
                status          text NOT NULL,
                creation_time   bigint NOT NULL,
                update_time     bigint NOT NULL,
                last_ping_time  bigint
            );
            """),
        new(21, """
            -- Replication policies (Harbor's replication_policy): filters and trigger as Harbor's JSON; one side is this
            -- registry (a NULL registry id). trigger_type repeats the trigger's type so event-based policies are found fast.
            CREATE TABLE replication_policies (
                id                           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name                         text COLLATE "C" NOT NULL UNIQUE,
                description                  text NOT NULL,
                creator                      text NOT NULL,
                src_registry_id              bigint,
                dest_registry_id             bigint,
                dest_namespace               text NOT NULL,
                dest_namespace_replace_count integer NOT NULL,
                filters_json                 text NOT NULL,
                trigger_json                 text NOT NULL,
                trigger_type                 text NOT NULL,
                replicate_deletion           boolean NOT NULL,
                override                     boolean NOT NULL,
                enabled                      boolean NOT NULL,
                speed_kb                     integer NOT NULL,
                copy_by_chunk                boolean NOT NULL,
                single_active_replication    boolean NOT NULL,
                creation_time                bigint NOT NULL,
                update_time                  bigint NOT NULL
            );
            CREATE INDEX ix_replication_policies_src ON replication_policies (src_registry_id) WHERE src_registry_id IS NOT NULL;
            CREATE INDEX ix_replication_policies_dest ON replication_policies (dest_registry_id) WHERE dest_registry_id IS NOT NULL;
            """),
        new(22, """
            -- Replication executions (route copied from the policy at start) and their tasks, which are also the
            -- transfer queue of their target (the remote registry of the route): claimed_by names the activation
            -- running a task, due_at when a Pending one may run (retries back off).
            CREATE TABLE replication_executions (
                id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                policy_id               bigint NOT NULL,
                trigger                 text NOT NULL,
                source_registry_id      bigint,
                destination_registry_id bigint,
                override                boolean NOT NULL,
                speed_kib               integer NOT NULL,
                copy_by_chunk           boolean NOT NULL,
                status                  text NOT NULL,
                status_text             text NOT NULL,
                planning_ended          boolean NOT NULL,
                planning_error          text,
                start_time              bigint NOT NULL,
                end_time                bigint
            );
            CREATE INDEX ix_replication_executions_policy ON replication_executions (policy_id, id);

            CREATE TABLE replication_tasks (
                id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                execution_id   bigint NOT NULL REFERENCES replication_executions (id) ON DELETE CASCADE,
                target_key     bigint NOT NULL,
                operation      text NOT NULL,
                resource_type  text COLLATE "C" NOT NULL,
                src_repository text COLLATE "C" NOT NULL,
                digest         text COLLATE "C" NOT NULL,
                tags           text NOT NULL,
                dst_repository text COLLATE "C" NOT NULL,
                status         text NOT NULL,
                attempts       integer NOT NULL,
                due_at         bigint NOT NULL,
                bytes_sent     bigint NOT NULL,
                claimed_by     text,
                creation_time  bigint NOT NULL,
                start_time     bigint,
                end_time       bigint,
                log            text NOT NULL
            );
            CREATE INDEX ix_replication_tasks_execution ON replication_tasks (execution_id, status);
            CREATE INDEX ix_replication_tasks_queue ON replication_tasks (target_key, status, due_at);
            """),
        new(23, """
            -- Proxy-cache projects (Harbor's project.registry_id): the registry endpoint a project pulls through. No
            -- foreign key to the endpoints: deleting an endpoint a project uses is refused by the registries API.
            CREATE TABLE proxy_cache_projects (
                project_id  bigint PRIMARY KEY REFERENCES projects (project_id) ON DELETE CASCADE,
                registry_id bigint NOT NULL
            );
            CREATE INDEX ix_proxy_cache_projects_registry ON proxy_cache_projects (registry_id, project_id);
            """),
        new(25, """
            -- The policy as it was when each execution started (its row copied, with the policy's id): a planning
            -- resumed after a silo loss follows this copy, not an edit made since. Gone with its execution.
            CREATE TABLE replication_execution_policies (
                execution_id                 bigint PRIMARY KEY REFERENCES replication_executions (id) ON DELETE CASCADE,
                id                           bigint NOT NULL,
                name                         text COLLATE "C" NOT NULL,
                description                  text NOT NULL,
                creator                      text NOT NULL,
                src_registry_id              bigint,
                dest_registry_id             bigint,
                dest_namespace               text NOT NULL,
                dest_namespace_replace_count integer NOT NULL,
                filters_json                 text NOT NULL,
                trigger_json                 text NOT NULL,
                trigger_type                 text NOT NULL,
                replicate_deletion           boolean NOT NULL,
                override                     boolean NOT NULL,
                enabled                      boolean NOT NULL,
                speed_kb                     integer NOT NULL,
                copy_by_chunk                boolean NOT NULL,
                single_active_replication    boolean NOT NULL,
                creation_time                bigint NOT NULL,
                update_time                  bigint NOT NULL
            );
            """),
        new(26, """
            -- ix_tags_repository_digest_pushed (repository, digest, ...) serves every lookup this prefix served; the
            -- duplicate only cost a write per tag pushed or deleted (retention deletes thousands at a time).
            DROP INDEX IF EXISTS ix_tags_digest;
            """),
    ];
}
