using System.Data.Common;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a <c>scanner_registrations</c> row selected as <see cref="Columns"/>.</summary>
internal static class ScannerRegistrationRows
{
    public const string Columns =
        "uuid, name, description, url, disabled, is_default, auth, access_credential, skip_cert_verify, use_internal_addr, immutable, create_time, update_time";

    public static ScannerRegistrationRecord Read(DbDataReader reader) =>
        new(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4), reader.GetBoolean(5),
            reader.GetString(6), reader.GetString(7), reader.GetBoolean(8), reader.GetBoolean(9), reader.GetBoolean(10),
            reader.GetInstant(11), reader.GetInstant(12));
}
