using Microsoft.Extensions.Options;

namespace ArtifactKeeper.HarborApi;

/// <summary>Who may create projects: Harbor's <c>project_creation_restriction</c> system setting.</summary>
public enum ProjectCreationRestriction
{
    /// <summary>Any signed-in user (Harbor's default).</summary>
    Everyone = 0,
    /// <summary>Only system administrators.</summary>
    AdminOnly = 1,
}

/// <summary>Project settings (<c>ArtifactKeeper:Projects</c>), validated on start.</summary>
public sealed class ProjectOptions
{
    public const string Section = "ArtifactKeeper:Projects";

    /// <summary><c>everyone</c> or <c>adminonly</c>, as Harbor spells them (case-insensitive).</summary>
    public ProjectCreationRestriction CreationRestriction { get; set; } = ProjectCreationRestriction.Everyone;
}

/// <summary>Checks <see cref="ProjectOptions"/>, naming the configuration key at fault.</summary>
public sealed class ProjectOptionsValidator : IValidateOptions<ProjectOptions>
{
    public ValidateOptionsResult Validate(string? name, ProjectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Enum.IsDefined(options.CreationRestriction)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{ProjectOptions.Section}:CreationRestriction must be everyone or adminonly.");
    }
}
