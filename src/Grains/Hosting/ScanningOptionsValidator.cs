using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Hosting;

/// <summary>Checks <see cref="ScanningOptions"/> on start, naming the configuration key at fault.</summary>
public sealed class ScanningOptionsValidator : IValidateOptions<ScanningOptions>
{
    public ValidateOptionsResult Validate(string? name, ScanningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.OsvDatabasePath is { } path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                failures.Add($"{ScanningOptions.Section}:OsvDatabasePath must name a folder or zip file, or be left unset.");
            }
            else if (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                failures.Add($"{ScanningOptions.Section}:OsvDatabasePath '{path}' is not a valid path.");
            }
        }

        if (options.OsvDatabasePollInterval < ScanningOptions.MinPollInterval || options.OsvDatabasePollInterval > ScanningOptions.MaxPollInterval)
        {
            failures.Add($"{ScanningOptions.Section}:OsvDatabasePollInterval must be between {ScanningOptions.MinPollInterval} and {ScanningOptions.MaxPollInterval}, not {options.OsvDatabasePollInterval}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
