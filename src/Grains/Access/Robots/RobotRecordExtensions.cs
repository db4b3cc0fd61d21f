using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Access.Robots;

/// <summary>The read model of a stored robot: everything but the secret hash.</summary>
public static class RobotRecordExtensions
{
    public static RobotInfo ToInfo(this RobotRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.RobotId, record.Name, record.Description, record.ProjectId == 0 ? RobotLevels.System : RobotLevels.Project, record.ProjectId,
            record.Duration, record.ExpiresAt, record.Disabled, record.CreatorType, record.CreatorRef, record.CreationTime, record.UpdateTime,
            record.Permissions);
    }
}
