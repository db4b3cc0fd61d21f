using System.Net;
using System.Text.Json;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Assertions on OCI and Harbor error bodies (<c>{"errors":[{"code","message"}]}</c>).</summary>
public static class OciAssert
{
    /// <summary>Asserts the status and that the first error carries <paramref name="code"/>; returns its message.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("errors")[0];
        Assert.Equal(code, error.GetProperty("code").GetString());
        return error.GetProperty("message").GetString() ?? string.Empty;
    }

    public static void Status(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode} for {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}");
    }

    public static string Header(HttpResponseMessage response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
        {
            return string.Join(",", values);
        }

        Assert.Fail($"response has no {name} header");
        return string.Empty;
    }

    public static bool HasHeader(HttpResponseMessage response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.Contains(name) || response.Content.Headers.Contains(name);
    }
}
