using System.Net.Http.Headers;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>Assertions on HTTP responses with messages that name what was missing.</summary>
public static class HttpAssert
{
    /// <summary>The single value of header <paramref name="name"/>; fails the test when absent or repeated.</summary>
    public static string SingleHeader(HttpResponseMessage response, string name)
    {
        if (!TryGet(response.Headers, name, out var values) && !TryGet(response.Content.Headers, name, out values))
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} " +
                        $"({(int)response.StatusCode}) has no {name} header.");
        }

        return Assert.Single(values);
    }

    private static bool TryGet(HttpHeaders headers, string name, out IEnumerable<string> values)
    {
        if (headers.TryGetValues(name, out var found))
        {
            values = found;
            return true;
        }

        values = [];
        return false;
    }
}
