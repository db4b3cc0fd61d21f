using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>POST /api/v2.0/users: who may create users, what Harbor validates, and that refusals create nothing.</summary>
public sealed class HarborUserCreateTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    [Fact]
    public async Task Create_answers_201_with_location_and_the_user_reads_back_and_signs_in()
    {
        using var admin = factory.Admin();
        var name = HarborUsers.NewName();

        var id = await HarborUsers.CreateAsync(admin, name);
        var user = await HarborUsers.GetAsync(admin, id);

        Assert.Equal(id, user["user_id"]!.GetValue<long>());
        Assert.Equal(name, user["username"]!.GetValue<string>());
        Assert.Equal($"{name}@example.com", user["email"]!.GetValue<string>());
        Assert.Equal("Real " + name, user["realname"]!.GetValue<string>());
        Assert.Equal("created by tests", user["comment"]!.GetValue<string>());
        Assert.False(user["sysadmin_flag"]!.GetValue<bool>());
        Assert.False(user["admin_role_in_auth"]!.GetValue<bool>());
        Assert.True(user.AsObject().ContainsKey("oidc_user_meta"));
        Assert.Null(user["oidc_user_meta"]);
        Assert.Null(user["password"]);
        Assert.EndsWith("Z", user["creation_time"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await HarborUsers.CurrentStatusAsync(factory, name, HarborUsers.Password));
    }

    [Fact]
    public async Task Create_ignores_unknown_fields_and_accepts_a_missing_comment()
    {
        using var admin = factory.Admin();
        var name = HarborUsers.NewName();

        using var response = await HarborUsers.CreateAsync(admin, new
        {
            username = name, email = $"{name}@example.com", realname = "R", password = HarborUsers.Password, sysadmin_flag = true, role_id = 1,
        });

        OciAssert.Status(response, HttpStatusCode.Created);
        var stored = await HarborUsers.StoredAsync(factory, name);
        Assert.Equal(string.Empty, stored!.Comment);
        Assert.False(stored.IsAdmin);
    }

    [Fact]
    public async Task Create_as_non_admin_is_403_and_creates_nothing()
    {
        using var user = await factory.NewUserAsync();
        var name = HarborUsers.NewName();

        using var response = await HarborUsers.CreateAsync(user, HarborUsers.Body(name));

        await OciAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Null(await HarborUsers.StoredAsync(factory, name));
    }

    [Fact]
    public async Task Create_anonymous_or_with_wrong_password_is_401_and_creates_nothing()
    {
        using var anonymous = factory.Anonymous();
        using var wrong = factory.Client("admin", "Not-The-Password-1");
        var name = HarborUsers.NewName();

        using var noCredentials = await HarborUsers.CreateAsync(anonymous, HarborUsers.Body(name));
        using var badCredentials = await HarborUsers.CreateAsync(wrong, HarborUsers.Body(name));

        await OciAssert.ErrorAsync(noCredentials, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(badCredentials, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Null(await HarborUsers.StoredAsync(factory, name));
    }

    [Fact]
    public async Task Create_with_taken_username_is_409_and_keeps_the_first_user()
    {
        using var admin = factory.Admin();
        var name = HarborUsers.NewName();
        await HarborUsers.CreateAsync(admin, name);
        var before = await HarborUsers.StoredAsync(factory, name);

        using var response = await HarborUsers.CreateAsync(admin, new
        {
            username = name, email = $"other-{name}@example.com", realname = "Other", password = "Other-Password-2",
        });

        await OciAssert.ErrorAsync(response, HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(before, await HarborUsers.StoredAsync(factory, name));
        Assert.Equal(HttpStatusCode.OK, await HarborUsers.CurrentStatusAsync(factory, name, HarborUsers.Password));
    }

    [Fact]
    public async Task Create_with_taken_email_is_409_and_creates_nothing()
    {
        using var admin = factory.Admin();
        var owner = HarborUsers.NewName();
        await HarborUsers.CreateAsync(admin, owner);
        var name = HarborUsers.NewName();

        using var response = await HarborUsers.CreateAsync(admin, new
        {
            username = name, email = $"{owner}@example.com", realname = "Copy", password = HarborUsers.Password,
        });

        await OciAssert.ErrorAsync(response, HttpStatusCode.Conflict, "CONFLICT");
        Assert.Null(await HarborUsers.StoredAsync(factory, name));
    }

    public static TheoryData<string, string> InvalidFields => new()
    {
        { """{"password":"short1A"}""", "password" },
        { """{"password":"alllowercase1"}""", "password" },
        { """{"email":""}""", "email can't be empty" },
        { """{"email":"not-an-email"}""", "email with illegal format" },
        { """{"realname":""}""", "realname with illegal length" },
        { """{"realname":"a,b"}""", "realname contains illegal characters" },
        { """{"comment":"0123456789012345678901234567890"}""", "comment with illegal length" },
        { """{"username":"bad#name"}""", "username contains illegal characters" },
        { """{"username":""}""", "username with illegal length" },
        { """{"username":null}""", "username with illegal length" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Create_with_invalid_field_is_400_naming_it_and_creates_nothing(string overrideJson, string messagePart)
    {
        using var admin = factory.Admin();
        var name = HarborUsers.NewName();
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(HarborUsers.Body(name)))!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(overrideJson)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/users", HarborProjects.Json(body.ToJsonString()));

        var message = await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Contains(messagePart, message, StringComparison.Ordinal);
        Assert.Null(await HarborUsers.StoredAsync(factory, name));
    }

    [Fact]
    public async Task Create_with_over_long_username_is_400_and_creates_nothing()
    {
        using var admin = factory.Admin();
        var name = HarborUsers.NewName() + new string('x', 250);

        using var response = await HarborUsers.CreateAsync(admin, new { username = name, email = "long@example.com", realname = "R", password = HarborUsers.Password });

        Assert.Equal("username with illegal length", await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST"));
        Assert.Null(await HarborUsers.StoredAsync(factory, name));
    }

    [Theory]
    [InlineData("{\"username\":")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("{\"username\":\"NAME\",\"email\":\"e@example.com\",\"realname\":\"R\",\"password\":12345678}")]
    [InlineData("{\"username\":[\"NAME\"],\"email\":\"e@example.com\",\"realname\":\"R\",\"password\":\"Users-Password-1\"}")]
    public async Task Create_with_malformed_json_or_wrong_types_is_400_and_creates_nothing(string json)
    {
        using var admin = factory.Admin();
        var name = HarborUsers.NewName();

        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/users", HarborProjects.Json(json.Replace("NAME", name, StringComparison.Ordinal)));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Null(await HarborUsers.StoredAsync(factory, name));
    }
}
