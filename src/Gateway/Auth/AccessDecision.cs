namespace ArtifactKeeper.Auth;

/// <summary>The answer to "may this caller do this to this repository", in HTTP terms.</summary>
public enum AccessDecision
{
    Allowed = 0,
    /// <summary>401: no or insufficient credentials; the client should authenticate.</summary>
    Challenge,
    /// <summary>Authenticated, but not allowed; /v2 answers it with Harbor's 401 naming the refused action.</summary>
    Denied,
    /// <summary>404: the project does not exist (only told to callers who could otherwise push there).</summary>
    ProjectMissing,
}
