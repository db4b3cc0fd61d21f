using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// The three calls of the adapter API. Transport failures, timeouts and 5xx answers (except a report's 500, which
/// is the scan's own failure) throw <see cref="ScannerUnavailableException"/>; 4xx answers throw
/// <see cref="ScanFailedException"/> with the adapter's message.
/// </summary>
public sealed class AdapterApiClient(HttpClient http, AdapterEndpoint endpoint, TimeSpan requestTimeout)
{
    public async Task<AdapterMetadata> GetMetadataAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, endpoint.Path("metadata"), null, null, cancellationToken);
        await ThrowUnlessAsync(response, HttpStatusCode.OK, cancellationToken);
        return await ReadAsync<AdapterMetadata>(response, cancellationToken);
    }

    /// <summary>Posts the request; the answer is the scan request id to poll.</summary>
    public async Task<string> RequestScanAsync(AdapterScanRequest request, CancellationToken cancellationToken)
    {
        var body = JsonContent.Create(request, options: AdapterJson.Options);
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(AdapterMimeTypes.ScanRequest);
        using var response = await SendAsync(HttpMethod.Post, endpoint.Path("scan"), body, AdapterMimeTypes.ScanResponse, cancellationToken);
        await ThrowUnlessAsync(response, HttpStatusCode.Accepted, cancellationToken);
        var answer = await ReadAsync<AdapterScanResponse>(response, cancellationToken);
        return string.IsNullOrEmpty(answer.Id) ? throw new ScannerUnavailableException("the adapter accepted the scan without an id") : answer.Id;
    }

    /// <summary>One poll: the report, or the wait the adapter asks for (302 + Refresh-After; null when it gave none).</summary>
    public async Task<ReportPoll> PollReportAsync(string scanId, string reportType, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, endpoint.Path($"scan/{Uri.EscapeDataString(scanId)}/report"), null, reportType, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Found)
        {
            return new ReportPoll(null, RefreshAfter(response));
        }

        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            throw new ScanFailedException($"the adapter's scan failed: {await MessageAsync(response, cancellationToken)}");
        }

        await ThrowUnlessAsync(response, HttpStatusCode.OK, cancellationToken);
        return new ReportPoll(await ReadAsync<HarborVulnerabilityReport>(response, cancellationToken), null);
    }

    private static TimeSpan? RefreshAfter(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Refresh-After", out var values) &&
        int.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, HttpContent? content, string? accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (endpoint.AuthHeader is not null && !string.IsNullOrEmpty(endpoint.AuthValue))
        {
            request.Headers.TryAddWithoutValidation(endpoint.AuthHeader, endpoint.AuthValue);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        try
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            if ((int)response.StatusCode >= 500 && !(response.StatusCode == HttpStatusCode.InternalServerError && url.AbsolutePath.EndsWith("/report", StringComparison.Ordinal)))
            {
                var message = await MessageAsync(response, cancellationToken);
                response.Dispose();
                throw new ScannerUnavailableException($"the adapter at {endpoint.BaseUrl} answered {(int)response.StatusCode}: {message}");
            }

            return response;
        }
        catch (HttpRequestException e)
        {
            throw new ScannerUnavailableException($"the adapter at {endpoint.BaseUrl} cannot be reached: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ScannerUnavailableException($"the adapter at {endpoint.BaseUrl} did not answer within {requestTimeout}", e);
        }
    }

    private async Task ThrowUnlessAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode == expected)
        {
            return;
        }

        var message = await MessageAsync(response, cancellationToken);
        throw new ScanFailedException($"the adapter at {endpoint.BaseUrl} answered {(int)response.StatusCode}: {message}");
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync<AdapterErrorResponse>(AdapterJson.Options, cancellationToken);
            return error?.Error?.Message ?? "(no message)";
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return "(no message)";
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(AdapterJson.Options, cancellationToken)
                   ?? throw new ScanFailedException($"the adapter at {endpoint.BaseUrl} sent an empty body");
        }
        catch (JsonException e)
        {
            throw new ScanFailedException($"the adapter at {endpoint.BaseUrl} sent malformed JSON: {e.Message}", e);
        }
    }
}

/// <summary>One answer to a report poll: the report, or how long to wait before the next poll.</summary>
public sealed record ReportPoll(HarborVulnerabilityReport? Report, TimeSpan? RefreshAfter);
