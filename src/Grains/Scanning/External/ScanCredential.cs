namespace ArtifactKeeper.Scanning.External;

/// <summary>
/// A robot made for one external scan: <see cref="Username"/> (<c>robot$project+name</c>) and its secret. Never
/// logged; <see cref="ToString"/> names the robot only.
/// </summary>
public sealed record ScanCredential(long RobotId, string Username, string Secret, DateTimeOffset ExpiresAt)
{
    /// <summary>The value of an HTTP <c>Authorization</c> header carrying these credentials (Basic).</summary>
    public string BasicAuthorization =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Username + ":" + Secret));

    public override string ToString() => $"ScanCredential {{ Username = {Username}, ExpiresAt = {ExpiresAt:O} }}";
}
