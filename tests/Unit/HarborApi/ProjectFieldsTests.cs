using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class ProjectFieldsTests
{
    public static TheoryData<string, QueryValue, bool> Cases() => new()
    {
        { "public", new ExactValue("true"), true },
        { "public", new ExactValue("0"), true },
        { "public", new ExactValue("maybe"), false },
        { "public", new FuzzyValue("tr"), false },
        { "project_id", new ExactValue("12"), true },
        { "project_id", new RangeValue("1", null), true },
        { "project_id", new OrListValue(["1", "2"]), true },
        { "project_id", new ExactValue("x"), false },
        { "project_id", new RangeValue("1", "z"), false },
        { "project_id", new FuzzyValue("1"), false },
        { "name", new FuzzyValue("lib"), true },
        { "owner", new AndListValue(["a"]), true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate(string field, QueryValue value, bool valid)
    {
        var error = ProjectFields.Validate(new Dictionary<string, QueryValue> { [field] = value });

        Assert.Equal(valid, error is null);
    }
}
