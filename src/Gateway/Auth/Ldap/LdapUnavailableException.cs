namespace ArtifactKeeper.Auth.Ldap;

/// <summary>The directory could not be asked (down, timed out, search account refused); never a user's fault.</summary>
public sealed class LdapUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
