using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Scanning.Events;

/// <summary>
/// The in-process scan event hub: writes one log line per event and hands it to every subscriber (webhooks later).
/// A subscriber that throws is logged and skipped.
/// </summary>
public sealed class ScanEventPublisher(ILogger<ScanEventPublisher> logger) : IScanEventSink
{
    private readonly List<Func<ScanEvent, Task>> _subscribers = [];
    private readonly Lock _gate = new();

    /// <summary>Adds a subscriber; dispose the result to remove it.</summary>
    public IDisposable Subscribe(Func<ScanEvent, Task> subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate)
        {
            _subscribers.Add(subscriber);
        }

        return new Subscription(this, subscriber);
    }

    public async Task PublishAsync(ScanEvent scanEvent)
    {
        ArgumentNullException.ThrowIfNull(scanEvent);
        logger.LogInformation(
            "{EventType}: {Repository}@{Digest} report {ReportId} by {Scanner}: {Status}, severity {Severity}, {Total} findings{Error}",
            scanEvent.Type, scanEvent.Repository, scanEvent.Digest, scanEvent.ReportId, scanEvent.Scanner.Name, scanEvent.Status,
            scanEvent.Severity, scanEvent.Total, scanEvent.Error is null ? string.Empty : ": " + scanEvent.Error);
        Func<ScanEvent, Task>[] subscribers;
        lock (_gate)
        {
            subscribers = [.. _subscribers];
        }

        foreach (var subscriber in subscribers)
        {
            try
            {
                await subscriber(scanEvent);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A scan event subscriber failed on {EventType} for {Digest}", scanEvent.Type, scanEvent.Digest);
            }
        }
    }

    private void Remove(Func<ScanEvent, Task> subscriber)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscriber);
        }
    }

    private sealed class Subscription(ScanEventPublisher owner, Func<ScanEvent, Task> subscriber) : IDisposable
    {
        public void Dispose() => owner.Remove(subscriber);
    }
}
