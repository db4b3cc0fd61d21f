namespace ArtifactKeeper.Access;

/// <summary>A user as the identity grain reports it; never carries the password hash.</summary>
[GenerateSerializer, Immutable]
public sealed record UserInfo(long UserId, string Username, bool IsAdmin);
