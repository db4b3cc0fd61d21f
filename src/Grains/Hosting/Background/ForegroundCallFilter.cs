namespace ArtifactKeeper.Hosting.Background;

/// <summary>
/// Records every call to the grains that serve pushes and pulls (repositories, blobs, uploads) that background work
/// did not make. Only that data plane counts as load: a status poll (a portal refreshing scan-all or GC progress, a
/// monitor) must not slow the background work it watches, and Orleans' own grains are not load either.
/// </summary>
public sealed class ForegroundCallFilter(ForegroundActivity activity) : IIncomingGrainCallFilter
{
    private static readonly HashSet<Type> DataPlane =
        [typeof(Registry.IRepositoryGrain), typeof(Registry.IBlobGrain), typeof(Registry.IUploadGrain)];

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InterfaceMethod?.DeclaringType is { } contract && DataPlane.Contains(contract) && !BackgroundWork.IsCurrentFlow)
        {
            activity.Record();
        }

        return context.Invoke();
    }
}
