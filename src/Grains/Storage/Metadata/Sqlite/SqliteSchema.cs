namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>
/// The SQLite schema as an ordered list of migrations. <see cref="SqliteMetadataStore.InitializeAsync"/>
/// applies those above the version recorded in <c>schema_version</c>, in one transaction. Append new
/// versions; never edit an applied one. Timestamps are unix milliseconds; JSON columns hold objects
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
    ];
}
