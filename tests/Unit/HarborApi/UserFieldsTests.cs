using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class UserFieldsTests
{
    public static TheoryData<string, QueryValue, bool> Cases() => new()
    {
        { "sysadmin_flag", new ExactValue("true"), true },
        { "sysadmin_flag", new ExactValue("0"), true },
        { "sysadmin_flag", new ExactValue("admin"), false },
        { "sysadmin_flag", new FuzzyValue("t"), false },
        { "user_id", new ExactValue("12"), true },
        { "user_id", new RangeValue("2", null), true },
        { "user_id", new OrListValue(["1", "2"]), true },
        { "user_id", new ExactValue("x"), false },
        { "user_id", new RangeValue(null, "z"), false },
        { "user_id", new FuzzyValue("1"), false },
        { "username", new FuzzyValue("adm"), true },
        { "email", new ExactValue("a@example.com"), true },
        { "realname", new AndListValue(["a"]), true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate(string field, QueryValue value, bool valid)
    {
        var error = UserFields.Validate(new Dictionary<string, QueryValue> { [field] = value });

        Assert.Equal(valid, error is null);
    }

    [Fact]
    public void Password_and_search_only_keys_are_neither_filterable_nor_sortable()
    {
        Assert.DoesNotContain("password", UserFields.Filterable);
        Assert.DoesNotContain("password_hash", UserFields.Filterable);
        Assert.DoesNotContain("password", UserFields.Sortable);
        Assert.DoesNotContain(UserFields.UsernameLength, UserFields.Sortable);
    }
}
