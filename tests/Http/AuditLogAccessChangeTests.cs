using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Changes to who may do what (members, robots, users) land in the audit log once each, named by the caller,
/// and refused changes record nothing.
/// </summary>
public sealed class AuditLogAccessChangeTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    [Fact]
    public async Task Member_add_role_change_and_removal_are_recorded_in_the_project_log_with_the_role()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName("audm");
        var projectId = await HarborProjects.CreateAsync(admin, project, isPublic: false);
        var username = HarborUsers.NewName("audm");
        await HarborUsers.CreateAsync(admin, username);

        var memberId = await HarborMembers.AddUserAsync(admin, project, username, roleId: 2);
        using (var update = await admin.SendAsync(HttpMethod.Put, $"{HarborMembers.Path(project)}/{memberId}", JsonContent.Create(new { role_id = 4 })))
        using (var badRole = await admin.SendAsync(HttpMethod.Put, $"{HarborMembers.Path(project)}/{memberId}", JsonContent.Create(new { role_id = 9 })))
        using (var delete = await admin.DeleteAsync($"{HarborMembers.Path(project)}/{memberId}"))
        using (var missing = await admin.DeleteAsync($"{HarborMembers.Path(project)}/{memberId}"))
        {
            OciAssert.Status(update, HttpStatusCode.OK);
            OciAssert.Status(badRole, HttpStatusCode.BadRequest);
            OciAssert.Status(delete, HttpStatusCode.OK);
            OciAssert.Status(missing, HttpStatusCode.NotFound);
        }

        var records = await AuditLogs.ListAsync(factory, admin, $"/api/v2.0/projects/{project}/logs?q=resource_type%3Dmember");
        Assert.Equal(
            [$"admin delete member {username}", $"admin update member {username}", $"admin create member {username}"],
            AuditLogs.Lines(records));

        // The description is not part of Harbor's listing; the stored record carries the role for readers of the table.
        var system = await AuditLogs.ListAsync(factory, admin, $"/api/v2.0/audit-logs?q=resource_type%3Dmember,project_id%3D{projectId}");
        Assert.Equal(3, system.Count);
    }

    [Fact]
    public async Task Robot_create_secret_refresh_disable_and_delete_are_recorded_under_the_full_robot_name()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName("audr");
        await HarborProjects.CreateAsync(admin, project, isPublic: false);
        var robot = await HarborRobots.CreateProjectRobotAsync(admin, project, "pull");

        using (var refresh = await admin.SendAsync(HttpMethod.Patch, $"/api/v2.0/robots/{robot.Id}", JsonContent.Create(new { })))
        {
            OciAssert.Status(refresh, HttpStatusCode.OK);
        }

        var body = await HarborRobots.GetAsync(admin, robot.Id);
        body["disable"] = true;
        using (var disable = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/robots/{robot.Id}", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json")))
        using (var delete = await admin.DeleteAsync($"/api/v2.0/robots/{robot.Id}"))
        {
            OciAssert.Status(disable, HttpStatusCode.OK);
            OciAssert.Status(delete, HttpStatusCode.OK);
        }

        Assert.Equal(
            [$"admin delete robot {robot.Name}", $"admin update robot {robot.Name}", $"admin update robot {robot.Name}", $"admin create robot {robot.Name}"],
            await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/projects/{project}/logs?q=resource_type%3Drobot"));
    }

    [Fact]
    public async Task User_create_profile_password_admin_flag_and_delete_are_recorded_without_the_password()
    {
        using var admin = factory.Admin();
        var username = HarborUsers.NewName("audu");
        var id = await HarborUsers.CreateAsync(admin, username);
        const string newPassword = "Another-Password-9";

        using (var profile = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/users/{id}", JsonContent.Create(new { email = $"{username}@example.org", realname = "R", comment = "c" })))
        using (var password = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/users/{id}/password", JsonContent.Create(new { new_password = newPassword })))
        using (var weak = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/users/{id}/password", JsonContent.Create(new { new_password = "weak" })))
        using (var sysadmin = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/users/{id}/sysadmin", JsonContent.Create(new { sysadmin_flag = true })))
        using (var delete = await admin.DeleteAsync($"/api/v2.0/users/{id}"))
        {
            OciAssert.Status(profile, HttpStatusCode.OK);
            OciAssert.Status(password, HttpStatusCode.OK);
            OciAssert.Status(weak, HttpStatusCode.BadRequest);
            OciAssert.Status(sysadmin, HttpStatusCode.OK);
            OciAssert.Status(delete, HttpStatusCode.OK);
        }

        var records = await AuditLogs.ListAsync(factory, admin, $"/api/v2.0/audit-logs?q=resource_type%3Duser,resource%3D{username}");
        Assert.Equal(
            [
                $"admin delete user {username}", $"admin update user {username}", $"admin update user {username}",
                $"admin update user {username}", $"admin create user {username}",
            ],
            AuditLogs.Lines(records));
        Assert.DoesNotContain(newPassword, records.ToJsonString(), StringComparison.Ordinal);
    }
}
