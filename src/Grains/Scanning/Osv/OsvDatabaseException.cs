namespace ArtifactKeeper.Scanning.Osv;

/// <summary>A database source could not be loaded at all (missing path, unreadable zip, limit exceeded).</summary>
public sealed class OsvDatabaseException(string message, Exception? inner = null) : Exception(message, inner);
