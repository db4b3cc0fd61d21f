namespace ArtifactKeeper.Hosting.Background;

/// <summary>
/// Records every call to the registry's grains that background work did not make. Orleans' own grains (membership,
/// directory) are not load and are not counted.
/// </summary>
public sealed class ForegroundCallFilter(ForegroundActivity activity) : IIncomingGrainCallFilter
{
    private static readonly System.Reflection.Assembly RegistryContracts = typeof(Registry.IBlobGrain).Assembly;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InterfaceMethod?.DeclaringType?.Assembly == RegistryContracts && !BackgroundWork.IsCurrentFlow)
        {
            activity.Record();
        }

        return context.Invoke();
    }
}
