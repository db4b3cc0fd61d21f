using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Brute-force protection: failed password checks per user and per client address end in 429 with
/// Retry-After, in the envelope of the surface asked, while other users and the health endpoint carry on.
/// </summary>
public sealed class LoginThrottleTests(LoginThrottleFactory factory) : IClassFixture<LoginThrottleFactory>
{
    private const string Password = "Right-Password-1";

    private static string NewAddress() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    private async Task<string> NewUserAsync(bool isAdmin = false)
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..12];
        await factory.CreateUserAsync(name, Password, isAdmin);
        return name;
    }

    private async Task LockOutAsync(string username, string address)
    {
        using var wrong = factory.Client(username, "wrong-password", address);
        for (var i = 0; i < LoginThrottleFactory.MaxFailuresPerUser; i++)
        {
            using var response = await wrong.GetAsync("/v2/");
            await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }
    }

    private static void AssertRetryAfter(HttpResponseMessage response)
    {
        var seconds = int.Parse(OciAssert.Header(response, "Retry-After"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 300);
    }

    [Fact]
    public async Task V2_after_max_failures_returns_429_TOOMANYREQUESTS_even_with_the_right_password()
    {
        var user = await NewUserAsync();
        var address = NewAddress();
        await LockOutAsync(user, address);
        using var right = factory.Client(user, Password, address);

        using var response = await right.GetAsync("/v2/");

        await OciAssert.ErrorAsync(response, HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
        AssertRetryAfter(response);
    }

    [Fact]
    public async Task Locked_user_is_locked_from_every_address()
    {
        var user = await NewUserAsync();
        await LockOutAsync(user, NewAddress());
        using var elsewhere = factory.Client(user, Password, NewAddress());

        using var response = await elsewhere.GetAsync("/v2/");

        await OciAssert.ErrorAsync(response, HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
    }

    [Fact]
    public async Task While_a_user_is_locked_health_and_other_users_still_work()
    {
        var victim = await NewUserAsync();
        var other = await NewUserAsync();
        var address = NewAddress();
        await LockOutAsync(victim, address);
        using var anonymous = factory.Anonymous();
        using var otherClient = factory.Client(other, Password, address);
        using var victimClient = factory.Client(victim, Password, address);

        using var health = await anonymous.GetAsync("/api/v2.0/health");
        using var otherLogin = await otherClient.GetAsync("/v2/");
        using var healthWithVictimCredentials = await victimClient.GetAsync("/api/v2.0/health");

        OciAssert.Status(health, HttpStatusCode.OK);
        OciAssert.Status(otherLogin, HttpStatusCode.OK);
        OciAssert.Status(healthWithVictimCredentials, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Harbor_api_answers_429_in_harbor_envelope_and_changes_nothing()
    {
        var admin = await NewUserAsync(isAdmin: true);
        var address = NewAddress();
        await LockOutAsync(admin, address);
        using var client = factory.Client(admin, Password, address);
        var project = "p" + Guid.NewGuid().ToString("N")[..10];

        using var response = await client.SendAsync(
            HttpMethod.Post, "/api/v2.0/projects", System.Net.Http.Json.JsonContent.Create(new { project_name = project }));

        await OciAssert.ErrorAsync(response, HttpStatusCode.TooManyRequests, "TOO_MANY_REQUESTS");
        AssertRetryAfter(response);
        // Another client address: the locked-out one would be refused before the lookup.
        using var exists = await factory.Admin().HeadAsync($"/api/v2.0/projects?project_name={project}");
        OciAssert.Status(exists, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Token_endpoint_get_and_password_grant_answer_429()
    {
        var user = await NewUserAsync();
        var address = NewAddress();
        await LockOutAsync(user, address);
        using var basic = factory.Client(user, Password, address);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = user,
            ["password"] = Password,
            ["service"] = "artifactkeeper",
            ["client_id"] = "http-tests",
        });

        using var get = await basic.GetAsync("/service/token?service=artifactkeeper&scope=repository:library/x:pull");
        using var post = await factory.Anonymous().SendAsync(HttpMethod.Post, "/service/token", form);

        await OciAssert.ErrorAsync(get, HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
        AssertRetryAfter(get);
        await OciAssert.ErrorAsync(post, HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
        AssertRetryAfter(post);
    }

    [Fact]
    public async Task Password_grant_failures_count_towards_the_lockout()
    {
        var user = await NewUserAsync();
        for (var i = 0; i < LoginThrottleFactory.MaxFailuresPerUser; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["username"] = user, ["password"] = "wrong", ["service"] = "artifactkeeper", ["client_id"] = "t",
            });
            using var failed = await factory.Anonymous().SendAsync(HttpMethod.Post, "/service/token", form);
            Assert.NotEqual(HttpStatusCode.OK, failed.StatusCode);
        }

        using var right = factory.Client(user, Password, NewAddress());
        using var response = await right.GetAsync("/v2/");

        await OciAssert.ErrorAsync(response, HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
    }

    [Fact]
    public async Task Address_spraying_usernames_is_locked_but_other_addresses_are_not()
    {
        var address = NewAddress();
        for (var i = 0; i < LoginThrottleFactory.MaxFailuresPerAddress; i++)
        {
            using var spray = factory.Client("nobody" + Guid.NewGuid().ToString("N")[..8], "guess", address);
            using var failed = await spray.GetAsync("/v2/");
            OciAssert.Status(failed, HttpStatusCode.Unauthorized);
        }

        var user = await NewUserAsync();
        using var fromAttacker = factory.Client(user, Password, address);
        using var fromElsewhere = factory.Client(user, Password, NewAddress());

        using var refused = await fromAttacker.GetAsync("/v2/");
        using var allowed = await fromElsewhere.GetAsync("/v2/");

        await OciAssert.ErrorAsync(refused, HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
        OciAssert.Status(allowed, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Successful_login_resets_the_user_count()
    {
        var user = await NewUserAsync();
        var address = NewAddress();
        using var wrong = factory.Client(user, "wrong-password", address);
        using var right = factory.Client(user, Password, address);

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < LoginThrottleFactory.MaxFailuresPerUser - 1; i++)
            {
                using var failed = await wrong.GetAsync("/v2/");
                OciAssert.Status(failed, HttpStatusCode.Unauthorized);
            }

            using var ok = await right.GetAsync("/v2/");
            OciAssert.Status(ok, HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Failed_login_is_logged_with_user_and_address_but_never_the_password()
    {
        var user = await NewUserAsync();
        var address = NewAddress();
        const string secret = "Sup3r-Secret-Guess";
        using var client = factory.Client(user, secret, address);

        using var response = await client.GetAsync("/v2/");

        OciAssert.Status(response, HttpStatusCode.Unauthorized);
        var failed = Assert.Single(factory.Logs.Events, e => e.EventName == "LoginFailed" && e.Properties.GetValueOrDefault("Username") == user);
        Assert.Equal(address, failed.Properties["ClientAddress"]);
        Assert.Equal("/v2/", failed.Properties["Path"]);
        Assert.DoesNotContain(factory.Logs.Events, e => e.Message.Contains(secret, StringComparison.Ordinal)
            || e.Properties.Values.Any(v => v?.Contains(secret, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task Throttled_attempts_are_refused_before_the_password_is_checked()
    {
        var user = await NewUserAsync();
        var address = NewAddress();
        await LockOutAsync(user, address);
        using var client = factory.Client(user, "another-wrong-guess", address);

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/v2/");
            OciAssert.Status(response, HttpStatusCode.TooManyRequests);
        }

        // Only the lockout's own failures reached the password check; the five refused attempts were logged
        // as throttled, which happens before the credential cache and the hash are consulted.
        Assert.Equal(LoginThrottleFactory.MaxFailuresPerUser, factory.Logs.Events.Count(e => e.EventName == "LoginFailed" && e.Properties.GetValueOrDefault("Username") == user));
        Assert.Equal(5, factory.Logs.Events.Count(e => e.EventName == "LoginThrottled" && e.Properties.GetValueOrDefault("Username") == user));
        Assert.Single(factory.Logs.Events, e => e.EventName == "LoginLockedOut" && e.Properties.GetValueOrDefault("Username") == user);
    }

    [Fact]
    public async Task Oversized_username_fails_and_is_logged_truncated()
    {
        var huge = "x" + new string('y', 100_000);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = huge, ["password"] = "p", ["service"] = "artifactkeeper", ["client_id"] = "t",
        });

        using var response = await factory.Anonymous().SendAsync(HttpMethod.Post, "/service/token", form);

        OciAssert.Status(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", (await RegistryClient.JsonAsync(response))["error"]!.GetValue<string>());
        Assert.DoesNotContain(factory.Logs.Events, e => e.Message.Length > 1000);
    }
}
