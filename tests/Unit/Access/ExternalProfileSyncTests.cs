using ArtifactKeeper.Access;

namespace ArtifactKeeper.Tests.Unit.Access;

public sealed class ExternalProfileSyncTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static UserAccount Stored(string? email = null, string realname = "", string comment = "") =>
        new(7, "ivan", email, realname, comment, false, T0, T0);

    [Fact]
    public void A_new_user_takes_the_directory_email_and_real_name_and_keeps_its_comment()
    {
        var update = ExternalProfileSync.Update(Stored(comment: "ops"), new ExternalProfile("ivan@example.org", "Ivan Drago"));

        Assert.Equal(new UserProfile("ivan@example.org", "Ivan Drago", "ops"), update);
    }

    [Fact]
    public void Nothing_changes_when_the_directory_says_what_is_stored()
    {
        Assert.Null(ExternalProfileSync.Update(Stored("Ivan@Example.org", "Ivan Drago"), new ExternalProfile("ivan@example.org", "Ivan Drago")));
    }

    [Fact]
    public void A_changed_real_name_is_taken()
    {
        Assert.Equal(
            new UserProfile("ivan@example.org", "Ivan D.", string.Empty),
            ExternalProfileSync.Update(Stored("ivan@example.org", "Ivan Drago"), new ExternalProfile("ivan@example.org", "Ivan D.")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-an-email")]
    public void Without_a_usable_email_the_stored_profile_stays(string? email)
    {
        Assert.Null(ExternalProfileSync.Update(Stored("set@by.admin", "Set By Admin"), new ExternalProfile(email, "Ivan Drago")));
    }

    [Fact]
    public void A_missing_real_name_falls_back_to_the_username()
    {
        Assert.Equal("ivan", ExternalProfileSync.Update(Stored(), new ExternalProfile("ivan@example.org", " "))!.Realname);
    }

    [Fact]
    public void No_stored_user_or_no_report_changes_nothing()
    {
        Assert.Null(ExternalProfileSync.Update(null, new ExternalProfile("ivan@example.org", "Ivan")));
        Assert.Null(ExternalProfileSync.Update(Stored(), null));
    }
}
