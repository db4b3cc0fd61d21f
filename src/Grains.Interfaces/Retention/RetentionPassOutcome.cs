namespace ArtifactKeeper.Retention;

/// <summary>A repository's pass as its caller saw it end: its result, and whether a stop cut it short.</summary>
public sealed record RetentionPassOutcome(RetentionRepositoryResult Result, bool Stopped);
