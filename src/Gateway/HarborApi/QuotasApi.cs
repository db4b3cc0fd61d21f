using System.Globalization;
using System.Text.Json;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "quota" API tag: list, read and update project storage quotas. Harbor's RequireSystemAccess on
/// the quota resource: only system administrators (401 without credentials, 403 for anyone else).
/// </summary>
public static class QuotasApi
{
    /// <summary>The only reference kind Harbor's quotas have.</summary>
    private const string ProjectReference = "project";

    private const string StorageResource = "storage";

    public static RouteGroupBuilder MapQuotasApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/quotas", ListAsync);
        api.MapGet("/quotas/{id}", GetAsync);
        api.MapPut("/quotas/{id}", UpdateAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext context, RegistryAuthenticator authenticator, IQuotaMetadata quotas)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        var request = context.Request.Query;
        if (!HarborPaging.TryParse(request, out var page, out var pageSize, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var filters = new Dictionary<string, QueryValue>(StringComparer.Ordinal);
        var reference = request["reference"].ToString();
        var referenceId = request["reference_id"].ToString();
        var matchesNothing = reference.Length > 0 && reference != ProjectReference;
        if (referenceId.Length > 0)
        {
            // Harbor's reference_id is a string; one that is not a project id matches no quota.
            if (long.TryParse(referenceId, NumberStyles.None, CultureInfo.InvariantCulture, out var projectId))
            {
                filters[QuotaFields.ReferenceId] = new ExactValue(projectId.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                matchesNothing = true;
            }
        }

        var result = matchesNothing
            ? new ListPage<QuotaRecord>([], 0)
            : await quotas.ListQuotasAsync(
                new ListQuery(filters, HarborSortParser.Parse(request["sort"], QuotaFields.Sortable), page, pageSize), context.RequestAborted);
        HarborPaging.WriteHeaders(context, result.Total, page, pageSize);
        return Results.Json(result.Items.Select(ToModel));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, RegistryAuthenticator authenticator, IQuotaMetadata quotas)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        if (!HarborIds.TryParse(id, out var quotaId))
        {
            return HarborIds.Invalid("quota id", id);
        }

        var quota = await quotas.GetQuotaAsync(quotaId, context.RequestAborted);
        return quota is null ? NotFound(quotaId) : Results.Json(ToModel(quota));
    }

    private static async Task<IResult> UpdateAsync(
        string id, HttpContext context, RegistryAuthenticator authenticator, IQuotaMetadata quotas, IGrainFactory grains)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        if (!HarborIds.TryParse(id, out var quotaId))
        {
            return HarborIds.Invalid("quota id", id);
        }

        var body = await HarborJsonBody.ReadAsync<QuotaUpdateReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (!TryReadStorage(body.Value!, out var storage, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var quota = await quotas.GetQuotaAsync(quotaId, context.RequestAborted);
        if (quota is null)
        {
            return NotFound(quotaId);
        }

        var result = await grains.GetGrain<IProjectQuotaGrain>(quota.ProjectName).TrySetHardAsync(storage);
        return result.Succeeded ? Results.Ok() : HarborErrorResult.From(result.Error, result.Message ?? "quota not updated");
    }

    /// <summary>Harbor's checks of a QuotaUpdateReq: <c>hard</c> present and not empty, only the storage resource, an integer value.</summary>
    private static bool TryReadStorage(QuotaUpdateReq body, out long storage, out string? error)
    {
        storage = 0;
        error = null;
        if (body.Hard is not { Count: > 0 } hard)
        {
            error = "hard required in body";
            return false;
        }

        if (hard.Keys.FirstOrDefault(key => key != StorageResource) is { } unknown)
        {
            error = $"resource {unknown} not support";
            return false;
        }

        var value = hard[StorageResource];
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out storage))
        {
            error = "hard.storage must be an integer number of bytes";
            return false;
        }

        return true;
    }

    /// <summary>Harbor's RequireSystemAccess: 401 without valid credentials, 403 for anyone but a system administrator.</summary>
    private static async Task<IResult?> RequireAdminAsync(HttpContext context, RegistryAuthenticator authenticator) =>
        SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context));

    private static QuotaModel ToModel(QuotaRecord quota) =>
        QuotaModel.From(new QuotaInfo(quota.Id, quota.ProjectId, quota.ProjectName, quota.OwnerName, quota.Hard, quota.Used, quota.CreationTime, quota.UpdateTime));


    private static IResult NotFound(long id) =>
        HarborErrorResult.From(RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"quota {id} not found"));
}
