using ArtifactKeeper.Configuration;
using ArtifactKeeper.HarborApi;

namespace ArtifactKeeper.Tests.Unit.Configuration;

public sealed class EditableSettingsTests
{
    [Fact]
    public void Stored_values_win_over_defaults()
    {
        var stored = new Dictionary<string, string> { ["config.project_creation_restriction"] = "adminonly", ["config.storage_per_project"] = "2048" };

        Assert.Equal(new EditableSettings(ProjectCreationRestriction.AdminOnly, 2048), EditableSettings.FromStored(stored, ProjectCreationRestriction.Everyone));
    }

    [Fact]
    public void Missing_or_unreadable_values_fall_back_to_defaults()
    {
        var stored = new Dictionary<string, string> { ["config.project_creation_restriction"] = "nobody", ["config.storage_per_project"] = "0" };

        Assert.Equal(new EditableSettings(ProjectCreationRestriction.AdminOnly, -1), EditableSettings.FromStored(stored, ProjectCreationRestriction.AdminOnly));
        Assert.Equal(new EditableSettings(ProjectCreationRestriction.Everyone, -1), EditableSettings.FromStored(new Dictionary<string, string>(), ProjectCreationRestriction.Everyone));
    }

    [Theory]
    [InlineData("adminonly", true)]
    [InlineData("everyone", true)]
    [InlineData("Everyone", false)]
    [InlineData("", false)]
    public void Restriction_uses_harbors_exact_spelling(string value, bool valid)
    {
        Assert.Equal(valid, EditableSettings.TryParseRestriction(value, out var parsed));
        if (valid)
        {
            Assert.Equal(value, EditableSettings.Format(parsed));
        }
    }
}
