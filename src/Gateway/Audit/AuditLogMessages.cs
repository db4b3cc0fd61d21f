namespace ArtifactKeeper.Audit;

/// <summary>Structured log events of the audit recorder. Events themselves are never logged: they name users and resources.</summary>
internal static partial class AuditLogMessages
{
    [LoggerMessage(EventId = 4101, EventName = "AuditEventsDropped", Level = LogLevel.Warning,
        Message = "Audit queue full: dropped {Count} events since the last report ({Total} in all); requests were not delayed")]
    public static partial void EventsDropped(ILogger logger, long count, long total);

    [LoggerMessage(EventId = 4102, EventName = "AuditWriteFailed", Level = LogLevel.Warning,
        Message = "Writing {Count} audit events failed (attempt {Attempt})")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int count, int attempt);

    [LoggerMessage(EventId = 4103, EventName = "AuditEventsLost", Level = LogLevel.Error,
        Message = "Gave up writing {Count} audit events after {Attempts} attempts")]
    public static partial void EventsLost(ILogger logger, int count, int attempts);
}
