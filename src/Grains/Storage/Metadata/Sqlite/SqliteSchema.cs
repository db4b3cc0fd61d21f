namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>
/// The SQLite schema as an ordered list of migrations. <see cref="SqliteMetadataStore.InitializeAsync"/>
/// applies those not yet recorded in <c>schema_version</c>, in one transaction. Append new versions, each
/// with a number of its own; never edit an applied one. Timestamps are unix milliseconds; JSON columns hold objects
/// of string values.
/// </summary>
internal static class SqliteSchema
{
    public const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER PRIMARY KEY,
            applied_at INTEGER NOT NULL
        );
        """;

    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE projects (
                project_id    INTEGER PRIMARY KEY AUTOINCREMENT,
                name          TEXT NOT NULL UNIQUE,
                owner_name    TEXT NOT NULL,
                metadata      TEXT NOT NULL,
                creation_time INTEGER NOT NULL,
                update_time   INTEGER NOT NULL
            );

            CREATE TABLE repositories (
                name          TEXT PRIMARY KEY,
                project       TEXT NOT NULL,
                creation_time INTEGER NOT NULL,
                update_time   INTEGER NOT NULL
            );
            CREATE INDEX ix_repositories_project ON repositories (project);

            CREATE TABLE manifests (
                repository    TEXT NOT NULL REFERENCES repositories (name) ON DELETE CASCADE,
                digest        TEXT NOT NULL,
                media_type    TEXT NOT NULL,
                artifact_type TEXT,
                size          INTEGER NOT NULL,
                subject       TEXT,
                content       BLOB NOT NULL,
                annotations   TEXT,
                pushed_at     INTEGER NOT NULL,
                PRIMARY KEY (repository, digest)
            );
            CREATE INDEX ix_manifests_subject ON manifests (repository, subject) WHERE subject IS NOT NULL;

            CREATE TABLE manifest_references (
                repository      TEXT NOT NULL,
                manifest_digest TEXT NOT NULL,
                target_digest   TEXT NOT NULL,
                kind            INTEGER NOT NULL,
                PRIMARY KEY (repository, manifest_digest, target_digest, kind),
                FOREIGN KEY (repository, manifest_digest) REFERENCES manifests (repository, digest) ON DELETE CASCADE
            );
            CREATE INDEX ix_manifest_references_target ON manifest_references (target_digest);

            CREATE TABLE tags (
                repository TEXT NOT NULL,
                name       TEXT NOT NULL,
                digest     TEXT NOT NULL,
                pushed_at  INTEGER NOT NULL,
                PRIMARY KEY (repository, name),
                FOREIGN KEY (repository, digest) REFERENCES manifests (repository, digest) ON DELETE CASCADE
            );
            CREATE INDEX ix_tags_digest ON tags (repository, digest);

            CREATE TABLE blobs (
                digest       TEXT PRIMARY KEY,
                size         INTEGER NOT NULL,
                state        INTEGER NOT NULL,
                last_touched INTEGER NOT NULL
            );

            CREATE TABLE repository_blobs (
                digest     TEXT NOT NULL REFERENCES blobs (digest) ON DELETE CASCADE,
                repository TEXT NOT NULL,
                linked_at  INTEGER NOT NULL,
                PRIMARY KEY (digest, repository)
            );
            CREATE INDEX ix_repository_blobs_repository ON repository_blobs (repository);

            CREATE TABLE uploads (
                id         TEXT PRIMARY KEY,
                repository TEXT NOT NULL,
                "offset"   INTEGER NOT NULL,
                started_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            CREATE INDEX ix_uploads_updated_at ON uploads (updated_at);

            CREATE TABLE users (
                user_id       INTEGER PRIMARY KEY AUTOINCREMENT,
                username      TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                is_admin      INTEGER NOT NULL,
                creation_time INTEGER NOT NULL
            );

            CREATE TABLE settings (
                key   TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            """),
        (2, """
            ALTER TABLE users ADD COLUMN email TEXT;
            ALTER TABLE users ADD COLUMN realname TEXT NOT NULL DEFAULT '';
            ALTER TABLE users ADD COLUMN comment TEXT NOT NULL DEFAULT '';
            ALTER TABLE users ADD COLUMN update_time INTEGER NOT NULL DEFAULT 0;
            UPDATE users SET update_time = creation_time;
            CREATE UNIQUE INDEX ux_users_email ON users (email);
            """),
        (3, """
            CREATE TABLE user_groups (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                group_name    TEXT NOT NULL,
                group_type    INTEGER NOT NULL CHECK (group_type BETWEEN 1 AND 3),
                ldap_group_dn TEXT NOT NULL DEFAULT '',
                creation_time INTEGER NOT NULL,
                update_time   INTEGER NOT NULL,
                UNIQUE (group_type, group_name)
            );
            CREATE UNIQUE INDEX ux_user_groups_ldap_group_dn ON user_groups (ldap_group_dn) WHERE group_type = 1;

            CREATE TABLE project_members (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                project_id    INTEGER NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
                entity_type   TEXT NOT NULL CHECK (entity_type IN ('u', 'g')),
                entity_id     INTEGER NOT NULL,
                role          INTEGER NOT NULL CHECK (role BETWEEN 1 AND 5),
                creation_time INTEGER NOT NULL,
                update_time   INTEGER NOT NULL,
                UNIQUE (project_id, entity_type, entity_id)
            );
            CREATE INDEX ix_project_members_entity ON project_members (entity_type, entity_id);

            -- Whoever deletes a user, its memberships go with it (Harbor deletes them with the user).
            CREATE TRIGGER tr_users_delete_memberships AFTER DELETE ON users
            BEGIN
                DELETE FROM project_members WHERE entity_type = 'u' AND entity_id = OLD.user_id;
            END;

            -- Harbor makes a project's creator its Project Admin; projects created before members existed get theirs.
            INSERT INTO project_members (project_id, entity_type, entity_id, role, creation_time, update_time)
            SELECT p.project_id, 'u', u.user_id, 1, p.creation_time, p.creation_time
            FROM projects p JOIN users u ON u.username = p.owner_name;
            """),
        (4, """
            CREATE TABLE robots (
                robot_id      INTEGER PRIMARY KEY AUTOINCREMENT,
                name          TEXT NOT NULL UNIQUE,
                description   TEXT NOT NULL,
                project_id    INTEGER REFERENCES projects (project_id) ON DELETE CASCADE,
                secret_hash   TEXT NOT NULL,
                duration      INTEGER NOT NULL,
                expires_at    INTEGER NOT NULL,
                disabled      INTEGER NOT NULL,
                creator_type  TEXT NOT NULL,
                creator_ref   INTEGER NOT NULL,
                permissions   TEXT NOT NULL,
                creation_time INTEGER NOT NULL,
                update_time   INTEGER NOT NULL
            );
            CREATE INDEX ix_robots_project_id ON robots (project_id);
            """),
        (5, """
            CREATE TABLE audit_log (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                project_id    INTEGER,
                username      TEXT NOT NULL,
                resource      TEXT NOT NULL,
                resource_type TEXT NOT NULL,
                operation     TEXT NOT NULL,
                op_result     INTEGER NOT NULL,
                op_desc       TEXT,
                op_time       INTEGER NOT NULL
            );
            CREATE INDEX ix_audit_log_op_time ON audit_log (op_time);
            CREATE INDEX ix_audit_log_project_op_time ON audit_log (project_id, op_time);
            """),
        (7, """
            CREATE TABLE oidc_users (
                user_id       INTEGER PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
                issuer        TEXT NOT NULL,
                subject       TEXT NOT NULL,
                cli_secret    TEXT NOT NULL,
                groups        TEXT NOT NULL,
                creation_time INTEGER NOT NULL,
                update_time   INTEGER NOT NULL,
                UNIQUE (issuer, subject)
            );
            """),
        (8, """
            -- Harbor ids and description for repositories, artifacts (manifests) and tags. SQLite cannot add an
            -- AUTOINCREMENT column, so ids come from id_sequences through insert triggers (never reused).
            CREATE TABLE id_sequences (
                name  TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            );
            ALTER TABLE repositories ADD COLUMN repository_id INTEGER;
            ALTER TABLE repositories ADD COLUMN description TEXT NOT NULL DEFAULT '';
            ALTER TABLE manifests ADD COLUMN artifact_id INTEGER;
            ALTER TABLE tags ADD COLUMN tag_id INTEGER;
            UPDATE repositories SET repository_id = rowid;
            UPDATE manifests SET artifact_id = rowid;
            UPDATE tags SET tag_id = rowid;
            INSERT INTO id_sequences (name, value) VALUES
                ('repositories', (SELECT COALESCE(MAX(repository_id), 0) FROM repositories)),
                ('manifests', (SELECT COALESCE(MAX(artifact_id), 0) FROM manifests)),
                ('tags', (SELECT COALESCE(MAX(tag_id), 0) FROM tags));
            CREATE UNIQUE INDEX ux_repositories_repository_id ON repositories (repository_id);
            CREATE UNIQUE INDEX ux_manifests_artifact_id ON manifests (artifact_id);
            CREATE UNIQUE INDEX ux_tags_tag_id ON tags (tag_id);
            CREATE INDEX ix_manifests_repository_pushed ON manifests (repository, pushed_at, digest);
            CREATE INDEX ix_tags_repository_digest_pushed ON tags (repository, digest, pushed_at, tag_id, name);
            CREATE INDEX ix_manifest_references_repository_target ON manifest_references (repository, target_digest, kind);

            CREATE TRIGGER tr_repositories_id AFTER INSERT ON repositories WHEN NEW.repository_id IS NULL
            BEGIN
                UPDATE id_sequences SET value = value + 1 WHERE name = 'repositories';
                UPDATE repositories SET repository_id = (SELECT value FROM id_sequences WHERE name = 'repositories') WHERE name = NEW.name;
            END;
            CREATE TRIGGER tr_manifests_id AFTER INSERT ON manifests WHEN NEW.artifact_id IS NULL
            BEGIN
                UPDATE id_sequences SET value = value + 1 WHERE name = 'manifests';
                UPDATE manifests SET artifact_id = (SELECT value FROM id_sequences WHERE name = 'manifests')
                WHERE repository = NEW.repository AND digest = NEW.digest;
            END;
            CREATE TRIGGER tr_tags_id AFTER INSERT ON tags WHEN NEW.tag_id IS NULL
            BEGIN
                UPDATE id_sequences SET value = value + 1 WHERE name = 'tags';
                UPDATE tags SET tag_id = (SELECT value FROM id_sequences WHERE name = 'tags')
                WHERE repository = NEW.repository AND name = NEW.name;
            END;
            """),
        (9, """
            -- Harbor's labels: global ('g', no project) or of one project ('p'); a name is unique per scope and project.
            CREATE TABLE labels (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                name          TEXT NOT NULL,
                description   TEXT NOT NULL,
                color         TEXT NOT NULL,
                scope         TEXT NOT NULL CHECK (scope IN ('g', 'p')),
                project_id    INTEGER REFERENCES projects (project_id) ON DELETE CASCADE,
                creation_time INTEGER NOT NULL,
                update_time   INTEGER NOT NULL,
                CHECK ((scope = 'g') = (project_id IS NULL))
            );
            CREATE UNIQUE INDEX ux_labels_scope_project_name ON labels (scope, COALESCE(project_id, 0), name);

            CREATE TABLE artifact_labels (
                repository      TEXT NOT NULL,
                manifest_digest TEXT NOT NULL,
                label_id        INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
                creation_time   INTEGER NOT NULL,
                PRIMARY KEY (repository, manifest_digest, label_id),
                FOREIGN KEY (repository, manifest_digest) REFERENCES manifests (repository, digest) ON DELETE CASCADE
            );
            CREATE INDEX ix_artifact_labels_label ON artifact_labels (label_id);
            """),
        (11, """
            CREATE TABLE immutable_tag_rules (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                project_id      INTEGER NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
                priority        INTEGER NOT NULL,
                disabled        INTEGER NOT NULL,
                action          TEXT NOT NULL,
                template        TEXT NOT NULL,
                params          TEXT,
                tag_selectors   TEXT NOT NULL,
                scope_selectors TEXT NOT NULL,
                creation_time   INTEGER NOT NULL,
                update_time     INTEGER NOT NULL
            );
            CREATE INDEX ix_immutable_tag_rules_project_id ON immutable_tag_rules (project_id);
            """),
        (12, """
            -- Pulls are counted in memory and added in batches (Harbor's pull_count and pull_time).
            ALTER TABLE manifests ADD COLUMN pull_count INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE manifests ADD COLUMN pull_time INTEGER;
            ALTER TABLE repositories ADD COLUMN pull_count INTEGER NOT NULL DEFAULT 0;
            """),
        (10, """
            CREATE TABLE quotas (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                project_id    INTEGER NOT NULL UNIQUE REFERENCES projects (project_id) ON DELETE CASCADE,
                hard_storage  INTEGER NOT NULL,
                used_storage  INTEGER NOT NULL,
                creation_time INTEGER NOT NULL,
                update_time   INTEGER NOT NULL
            );

            -- Who holds each digest a project is charged for; a digest costs its size once per project.
            CREATE TABLE quota_references (
                project_id INTEGER NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
                digest     TEXT NOT NULL,
                repository TEXT NOT NULL,
                kind       INTEGER NOT NULL,
                size       INTEGER NOT NULL,
                PRIMARY KEY (project_id, digest, repository, kind)
            );

            -- Projects created before quotas: unlimited, charged for what their repositories hold now.
            INSERT INTO quotas (project_id, hard_storage, used_storage, creation_time, update_time)
            SELECT project_id, -1, 0, creation_time, update_time FROM projects;
            INSERT INTO quota_references (project_id, digest, repository, kind, size)
            SELECT p.project_id, rb.digest, rb.repository, 0, b.size
            FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest
            JOIN projects p ON rb.repository = p.name OR substr(rb.repository, 1, length(p.name) + 1) = p.name || '/'
            WHERE b.state = 1
            UNION ALL
            SELECT p.project_id, m.digest, m.repository, 1, m.size
            FROM manifests m
            JOIN projects p ON m.repository = p.name OR substr(m.repository, 1, length(p.name) + 1) = p.name || '/';
            UPDATE quotas SET used_storage = (
                SELECT COALESCE(SUM(r.size), 0) FROM quota_references r
                WHERE r.project_id = quotas.project_id AND NOT EXISTS (
                    SELECT 1 FROM quota_references o
                    WHERE o.project_id = r.project_id AND o.digest = r.digest
                      AND (o.repository < r.repository OR (o.repository = r.repository AND o.kind < r.kind))));
            """),
        (14, """
            -- Tag retention (Harbor): at most one policy per project; executions, and one task per repository with its log.
            CREATE TABLE retention_policies (
                id               INTEGER PRIMARY KEY AUTOINCREMENT,
                scope_level      TEXT NOT NULL,
                project_id       INTEGER NOT NULL UNIQUE REFERENCES projects (project_id) ON DELETE CASCADE,
                algorithm        TEXT NOT NULL,
                rules            TEXT NOT NULL,
                trigger_settings TEXT NOT NULL,
                creation_time    INTEGER NOT NULL,
                update_time      INTEGER NOT NULL
            );

            CREATE TABLE retention_executions (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                policy_id    INTEGER NOT NULL REFERENCES retention_policies (id) ON DELETE CASCADE,
                status       TEXT NOT NULL,
                triggered_by TEXT NOT NULL,
                dry_run      INTEGER NOT NULL,
                start_time   INTEGER NOT NULL,
                end_time     INTEGER
            );
            CREATE INDEX ix_retention_executions_policy ON retention_executions (policy_id, id);

            CREATE TABLE retention_tasks (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                execution_id INTEGER NOT NULL REFERENCES retention_executions (id) ON DELETE CASCADE,
                repository   TEXT NOT NULL,
                status       TEXT NOT NULL,
                total        INTEGER NOT NULL,
                retained     INTEGER NOT NULL,
                start_time   INTEGER NOT NULL,
                end_time     INTEGER,
                log          TEXT NOT NULL
            );
            CREATE INDEX ix_retention_tasks_execution ON retention_tasks (execution_id, id);
            """),
        (13, """
            -- The scheduler's cron schedules (GC, retention, replication, scan-all), one per job.
            CREATE TABLE schedules (
                kind          TEXT NOT NULL,
                job_key       TEXT NOT NULL,
                type          TEXT NOT NULL,
                cron          TEXT NOT NULL,
                parameters    TEXT NOT NULL,
                next_run_at   INTEGER NOT NULL,
                last_run_at   INTEGER,
                creation_time INTEGER NOT NULL,
                update_time   INTEGER NOT NULL,
                PRIMARY KEY (kind, job_key)
            );
            """),
        (15, """
            -- GC history: one row per run; figures as JSON, the log appended as the run goes.
            CREATE TABLE gc_runs (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                job_kind      TEXT NOT NULL,
                parameters    TEXT NOT NULL,
                status        INTEGER NOT NULL,
                figures       TEXT NOT NULL,
                log           TEXT NOT NULL,
                creation_time INTEGER NOT NULL,
                update_time   INTEGER NOT NULL
            );
            CREATE INDEX ix_manifest_references_blob_target ON manifest_references (target_digest, repository) WHERE kind = 0;
            """),
        (16, """
            -- Content trust: one policy document per project (the API's JSON, kept as text) and its version.
            CREATE TABLE content_trust_policies (
                project_id  INTEGER PRIMARY KEY REFERENCES projects (project_id) ON DELETE CASCADE,
                document    TEXT NOT NULL,
                version     INTEGER NOT NULL,
                update_time INTEGER NOT NULL
            );
            """),
        (17, """
            -- CVE allowlists: scope 0 is the system list, any other scope the project of that id (whose row it follows
            -- on delete). Entries as a JSON array; the version guards concurrent writers.
            CREATE TABLE cve_allowlists (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                scope         INTEGER NOT NULL UNIQUE,
                project_id    INTEGER REFERENCES projects (project_id) ON DELETE CASCADE,
                expires_at    INTEGER,
                items         TEXT NOT NULL,
                version       INTEGER NOT NULL,
                creation_time INTEGER NOT NULL,
                update_time   INTEGER NOT NULL,
                CHECK ((scope = 0 AND project_id IS NULL) OR project_id = scope)
            );
            """),
        (18, """
            -- Scanner registrations (Harbor's scanner_registration) and the scanner each project uses. The built-in
            -- scanner is a row of its own: the default until another is made default, immutable, never deleted.
            CREATE TABLE scanner_registrations (
                uuid              TEXT PRIMARY KEY,
                name              TEXT NOT NULL UNIQUE,
                description       TEXT NOT NULL,
                url               TEXT NOT NULL UNIQUE,
                disabled          INTEGER NOT NULL,
                is_default        INTEGER NOT NULL,
                auth              TEXT NOT NULL,
                access_credential TEXT NOT NULL,
                skip_cert_verify  INTEGER NOT NULL,
                use_internal_addr INTEGER NOT NULL,
                immutable         INTEGER NOT NULL,
                create_time       INTEGER NOT NULL,
                update_time       INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX ux_scanner_registrations_default ON scanner_registrations (is_default) WHERE is_default = 1;
            INSERT INTO scanner_registrations VALUES (
                '00000000-0000-0000-0000-00000000a001', 'ArtifactKeeper', 'The built-in offline scanner', 'builtin://artifactkeeper',
                0, 1, '', '', 0, 0, 1, 0, 0);
            CREATE TABLE project_scanners (
                project_id   INTEGER PRIMARY KEY REFERENCES projects (project_id) ON DELETE CASCADE,
                scanner_uuid TEXT NOT NULL REFERENCES scanner_registrations (uuid) ON DELETE CASCADE
            );
            """),
        (19, """
            -- Scans and their reports (gzip JSON), one row per scan; the newest row of a digest is its scan overview.
            CREATE TABLE scan_reports (
                seq              INTEGER PRIMARY KEY AUTOINCREMENT,
                report_id        TEXT NOT NULL UNIQUE,
                digest           TEXT NOT NULL,
                repository       TEXT NOT NULL,
                scanner_name     TEXT NOT NULL,
                scanner_vendor   TEXT NOT NULL,
                scanner_version  TEXT NOT NULL,
                status           TEXT NOT NULL,
                database_version TEXT,
                start_time       INTEGER NOT NULL,
                end_time         INTEGER,
                error            TEXT,
                requester        TEXT,
                severity         INTEGER,
                total            INTEGER,
                fixable          INTEGER,
                summary          TEXT,
                report           BLOB,
                log              TEXT NOT NULL
            );
            CREATE INDEX ix_scan_reports_digest ON scan_reports (digest, seq);
            CREATE INDEX ix_scan_reports_current ON scan_reports (digest, scanner_name, database_version) WHERE status = 'Success';
            """),
        (20, """
            -- Registry endpoints (Harbor's registry table): replication sources and targets, proxy-cache upstreams. The
            -- credential's secret is sealed (bound to the name); status is the last ping's outcome.
            CREATE TABLE registry_endpoints (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                name            TEXT NOT NULL UNIQUE,
                type            TEXT NOT NULL,
                url             TEXT NOT NULL,
                description     TEXT NOT NULL,
                insecure        INTEGER NOT NULL,
                credential_type TEXT NOT NULL,
                access_key      TEXT,
                access_secret   TEXT NOT NULL,
                status          TEXT NOT NULL,
                creation_time   INTEGER NOT NULL,
                update_time     INTEGER NOT NULL,
                last_ping_time  INTEGER
            );
            """),
        (21, """
            -- Replication policies (Harbor's replication_policy): filters and trigger as Harbor's JSON; one side is this
            -- registry (a NULL registry id). trigger_type repeats the trigger's type so event-based policies are found fast.
            CREATE TABLE replication_policies (
                id                           INTEGER PRIMARY KEY AUTOINCREMENT,
                name                         TEXT NOT NULL UNIQUE,
                description                  TEXT NOT NULL,
                creator                      TEXT NOT NULL,
                src_registry_id              INTEGER,
                dest_registry_id             INTEGER,
                dest_namespace               TEXT NOT NULL,
                dest_namespace_replace_count INTEGER NOT NULL,
                filters_json                 TEXT NOT NULL,
                trigger_json                 TEXT NOT NULL,
                trigger_type                 TEXT NOT NULL,
                replicate_deletion           INTEGER NOT NULL,
                override                     INTEGER NOT NULL,
                enabled                      INTEGER NOT NULL,
                speed_kb                     INTEGER NOT NULL,
                copy_by_chunk                INTEGER NOT NULL,
                single_active_replication    INTEGER NOT NULL,
                creation_time                INTEGER NOT NULL,
                update_time                  INTEGER NOT NULL
            );
            CREATE INDEX ix_replication_policies_src ON replication_policies (src_registry_id) WHERE src_registry_id IS NOT NULL;
            CREATE INDEX ix_replication_policies_dest ON replication_policies (dest_registry_id) WHERE dest_registry_id IS NOT NULL;
            """),
        (22, """
            -- Replication executions (route copied from the policy at start) and their tasks, which are also the
            -- transfer queue of their target (the remote registry of the route): claimed_by names the activation
            -- running a task, due_at when a Pending one may run (retries back off).
            CREATE TABLE replication_executions (
                id                      INTEGER PRIMARY KEY AUTOINCREMENT,
                policy_id               INTEGER NOT NULL,
                trigger                 TEXT NOT NULL,
                source_registry_id      INTEGER,
                destination_registry_id INTEGER,
                override                INTEGER NOT NULL,
                speed_kib               INTEGER NOT NULL,
                copy_by_chunk           INTEGER NOT NULL,
                status                  TEXT NOT NULL,
                status_text             TEXT NOT NULL,
                planning_ended          INTEGER NOT NULL,
                planning_error          TEXT,
                start_time              INTEGER NOT NULL,
                end_time                INTEGER
            );
            CREATE INDEX ix_replication_executions_policy ON replication_executions (policy_id, id);

            CREATE TABLE replication_tasks (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                execution_id   INTEGER NOT NULL REFERENCES replication_executions (id) ON DELETE CASCADE,
                target_key     INTEGER NOT NULL,
                operation      TEXT NOT NULL,
                resource_type  TEXT NOT NULL,
                src_repository TEXT NOT NULL,
                digest         TEXT NOT NULL,
                tags           TEXT NOT NULL,
                dst_repository TEXT NOT NULL,
                status         TEXT NOT NULL,
                attempts       INTEGER NOT NULL,
                due_at         INTEGER NOT NULL,
                bytes_sent     INTEGER NOT NULL,
                claimed_by     TEXT,
                creation_time  INTEGER NOT NULL,
                start_time     INTEGER,
                end_time       INTEGER,
                log            TEXT NOT NULL
            );
            CREATE INDEX ix_replication_tasks_execution ON replication_tasks (execution_id, status);
            CREATE INDEX ix_replication_tasks_queue ON replication_tasks (target_key, status, due_at);
            """),
        (23, """
            -- Proxy-cache projects (Harbor's project.registry_id): the registry endpoint a project pulls through. No
            -- foreign key to the endpoints: deleting an endpoint a project uses is refused by the registries API.
            CREATE TABLE proxy_cache_projects (
                project_id  INTEGER PRIMARY KEY REFERENCES projects (project_id) ON DELETE CASCADE,
                registry_id INTEGER NOT NULL
            );
            CREATE INDEX ix_proxy_cache_projects_registry ON proxy_cache_projects (registry_id, project_id);
            """),
        (25, """
            -- The policy as it was when each execution started (its row copied, with the policy's id): a planning
            -- resumed after a silo loss follows this copy, not an edit made since. Gone with its execution.
            CREATE TABLE replication_execution_policies (
                execution_id                 INTEGER PRIMARY KEY REFERENCES replication_executions (id) ON DELETE CASCADE,
                id                           INTEGER NOT NULL,
                name                         TEXT NOT NULL,
                description                  TEXT NOT NULL,
                creator                      TEXT NOT NULL,
                src_registry_id              INTEGER,
                dest_registry_id             INTEGER,
                dest_namespace               TEXT NOT NULL,
                dest_namespace_replace_count INTEGER NOT NULL,
                filters_json                 TEXT NOT NULL,
                trigger_json                 TEXT NOT NULL,
                trigger_type                 TEXT NOT NULL,
                replicate_deletion           INTEGER NOT NULL,
                override                     INTEGER NOT NULL,
                enabled                      INTEGER NOT NULL,
                speed_kb                     INTEGER NOT NULL,
                copy_by_chunk                INTEGER NOT NULL,
                single_active_replication    INTEGER NOT NULL,
                creation_time                INTEGER NOT NULL,
                update_time                  INTEGER NOT NULL
            );
            """),
        (26, """
            -- ix_tags_repository_digest_pushed (repository, digest, ...) serves every lookup this prefix served; the
            -- duplicate only cost a write per tag pushed or deleted (retention deletes thousands at a time).
            DROP INDEX IF EXISTS ix_tags_digest;
            """),
    ];
}
