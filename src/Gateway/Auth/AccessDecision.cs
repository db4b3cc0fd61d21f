namespace ArtifactKeeper.Auth;

/// <summary>The answer to "may this caller do this to this repository", in HTTP terms.</summary>
public enum AccessDecision
{
    Allowed = 0,
    /// <summary>401: no or insufficient credentials; the client should authenticate.</summary>
    Challenge,
    /// <summary>403: authenticated, but not allowed.</summary>
    Denied,
    /// <summary>404: the project does not exist (only told to callers who could otherwise push there).</summary>
    ProjectMissing,
}
