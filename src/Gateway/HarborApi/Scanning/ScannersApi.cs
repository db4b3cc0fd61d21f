using System.Text.Json;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Adapter;
using ArtifactKeeper.Scanning.External;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi.Scanning;

/// <summary>
/// Harbor's "scanner" API tag: scanner registrations (system administrators only), ping, metadata, the default
/// switch, and each project's scanner. Names and URLs are unique (409). The built-in scanner is listed, can be made
/// default again, and can be neither changed nor deleted (403), nor can the default registration be deleted.
/// </summary>
public static class ScannersApi
{
    private const string One = "/scanners/{registrationId}";

    private static readonly IReadOnlySet<string> QueryKeys = new HashSet<string>(["name", "description", "url"], StringComparer.Ordinal);

    public static RouteGroupBuilder MapScannersApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/scanners", ListAsync);
        api.MapPost("/scanners", CreateAsync);
        api.MapPost("/scanners/ping", PingAsync);
        api.MapGet(One, GetAsync);
        api.MapPut(One, UpdateAsync);
        api.MapDelete(One, DeleteAsync);
        api.MapPatch(One, SetDefaultAsync);
        api.MapGet(One + "/metadata", MetadataAsync);
        api.MapGet("/projects/{projectNameOrId}/scanner", GetProjectScannerAsync);
        api.MapPut("/projects/{projectNameOrId}/scanner", SetProjectScannerAsync);
        api.MapGet("/projects/{projectNameOrId}/scanner/candidates", CandidatesAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext context, RegistryAuthenticator authenticator, IScannerRegistrationMetadata store)
    {
        if (SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context)) is { } refused)
        {
            return refused;
        }

        return await PageAsync(context, store);
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, RegistryAuthenticator authenticator, IScannerRegistrationMetadata store, ScannerCredentialProtector protector, TimeProvider clock)
    {
        if (SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context)) is { } refused)
        {
            return refused;
        }

        var body = await HarborJsonBody.ReadAsync<ScannerRegistrationReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var request = body.Value!;
        if (ScannerRegistrationRules.Check(request.Name, request.Url, request.Auth, request.AccessCredential) is { } invalid)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        var uuid = Guid.NewGuid().ToString();
        var now = clock.GetUtcNow();
        var record = new ScannerRegistrationRecord(
            uuid, request.Name!.Trim(), request.Description ?? string.Empty, request.Url!.TrimEnd('/'), request.Disabled ?? false, false, request.Auth ?? string.Empty,
            await protector.ProtectAsync(request.AccessCredential ?? string.Empty, uuid, context.RequestAborted),
            request.SkipCertVerify ?? false, request.UseInternalAddr ?? false, false, now, now);
        if (await store.TryCreateScannerRegistrationAsync(record, context.RequestAborted) == ScannerRegistrationChange.Duplicate)
        {
            return HarborErrorResult.From(RegistryError.Conflict, $"a scanner named {record.Name} or at {record.Url} already exists");
        }

        context.Response.Headers.Location = $"/api/v2.0/scanners/{uuid}";
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string registrationId, HttpContext context, RegistryAuthenticator authenticator, IScannerRegistrationMetadata store)
    {
        var target = await FindAsync(registrationId, context, authenticator, store);
        return target.Error ?? Results.Json(ScannerRegistrationModel.From(target.Registration!, ScannerIdentity.BuiltIn));
    }

    /// <summary>Replaces the registration; an omitted <c>access_credential</c> keeps the stored one (it is never shown to copy back).</summary>
    private static async Task<IResult> UpdateAsync(
        string registrationId, HttpContext context, RegistryAuthenticator authenticator, IScannerRegistrationMetadata store, ScannerCredentialProtector protector,
        TimeProvider clock)
    {
        var target = await FindAsync(registrationId, context, authenticator, store);
        if (target.Error is not null)
        {
            return target.Error;
        }

        var body = await HarborJsonBody.ReadAsync<ScannerRegistrationReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var existing = target.Registration!;
        var request = body.Value!;
        var credential = request.AccessCredential
                         ?? await protector.UnprotectAsync(existing.AccessCredential, existing.Uuid, context.RequestAborted) ?? string.Empty;
        if (ScannerRegistrationRules.Check(request.Name, request.Url, request.Auth, credential) is { } invalid)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        var updated = existing with
        {
            Name = request.Name!.Trim(),
            Description = request.Description ?? string.Empty,
            Url = request.Url!.TrimEnd('/'),
            Auth = request.Auth ?? string.Empty,
            AccessCredential = await protector.ProtectAsync(credential, existing.Uuid, context.RequestAborted),
            SkipCertVerify = request.SkipCertVerify ?? false,
            UseInternalAddr = request.UseInternalAddr ?? false,
            Disabled = request.Disabled ?? false,
            UpdateTime = clock.GetUtcNow(),
        };
        return Answer(await store.TryUpdateScannerRegistrationAsync(updated, context.RequestAborted), existing);
    }

    private static async Task<IResult> DeleteAsync(string registrationId, HttpContext context, RegistryAuthenticator authenticator, IScannerRegistrationMetadata store)
    {
        var target = await FindAsync(registrationId, context, authenticator, store);
        if (target.Error is not null)
        {
            return target.Error;
        }

        var existing = target.Registration!;
        var outcome = await store.TryDeleteScannerRegistrationAsync(existing.Uuid, context.RequestAborted);
        return outcome == ScannerRegistrationChange.Changed
            ? Results.Json(ScannerRegistrationModel.From(existing, ScannerIdentity.BuiltIn))
            : Answer(outcome, existing);
    }

    private static async Task<IResult> SetDefaultAsync(
        string registrationId, HttpContext context, RegistryAuthenticator authenticator, IScannerRegistrationMetadata store, TimeProvider clock)
    {
        var target = await FindAsync(registrationId, context, authenticator, store);
        if (target.Error is not null)
        {
            return target.Error;
        }

        var body = await HarborJsonBody.ReadAsync<IsDefaultReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (body.Value!.IsDefault != true)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "is_default must be true: make another registration the default instead");
        }

        return Answer(await store.SetDefaultScannerRegistrationAsync(target.Registration!.Uuid, clock.GetUtcNow(), context.RequestAborted), target.Registration);
    }

    private static async Task<IResult> PingAsync(HttpContext context, RegistryAuthenticator authenticator, ExternalScanners scanners)
    {
        if (SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context)) is { } refused)
        {
            return refused;
        }

        var body = await HarborJsonBody.ReadAsync<ScannerRegistrationSettings>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var settings = body.Value!;
        if (ScannerRegistrationRules.CheckEndpoint(settings.Url, settings.Auth, settings.AccessCredential) is { } invalid)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        var metadata = await ScannerMetadata.ReadAsync(scanners, new Uri(settings.Url!), settings.Auth, settings.AccessCredential, false, context.RequestAborted);
        return metadata.Error is null ? Results.Ok() : HarborErrorResult.From(RegistryError.BadRequest, $"failed to ping the scanner: {metadata.Error}");
    }

    private static async Task<IResult> MetadataAsync(
        string registrationId, HttpContext context, RegistryAuthenticator authenticator, IScannerRegistrationMetadata store, ExternalScanners scanners,
        ScannerCredentialProtector protector, IServiceProvider services)
    {
        var target = await FindAsync(registrationId, context, authenticator, store);
        if (target.Error is not null)
        {
            return target.Error;
        }

        var registration = target.Registration!;
        if (registration.IsBuiltIn)
        {
            return Json(ScannerMetadata.BuiltIn(services.GetService<IAdapterScanEngine>()));
        }

        var credential = await protector.UnprotectAsync(registration.AccessCredential, registration.Uuid, context.RequestAborted);
        var metadata = await ScannerMetadata.ReadAsync(
            scanners, new Uri(registration.Url), registration.Auth, credential, registration.SkipCertVerify, context.RequestAborted);
        return metadata.Error is null
            ? Json(metadata.Metadata!)
            : HarborErrorResult.From(RegistryError.BadRequest, $"the scanner's metadata cannot be read: {metadata.Error}");
    }

    private static async Task<IResult> GetProjectScannerAsync(
        string projectNameOrId, HttpContext context, ProjectResolver resolver, IScannerRegistrationMetadata store)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, new Permission(RbacResources.Scanner, RbacActions.Read));
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var bound = await store.GetProjectScannerAsync(resolved.Project!.ProjectId, context.RequestAborted);
        var registration = bound is null ? null : await store.GetScannerRegistrationAsync(bound, context.RequestAborted);
        registration ??= (await store.ListScannerRegistrationsAsync(context.RequestAborted)).First(r => r.IsDefault);
        return Results.Json(ScannerRegistrationModel.From(registration, ScannerIdentity.BuiltIn));
    }

    private static async Task<IResult> SetProjectScannerAsync(
        string projectNameOrId, HttpContext context, ProjectResolver resolver, IScannerRegistrationMetadata store)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, new Permission(RbacResources.Scanner, RbacActions.Create));
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var body = await HarborJsonBody.ReadAsync<ProjectScannerReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (string.IsNullOrEmpty(body.Value!.Uuid))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "uuid is required");
        }

        return await store.SetProjectScannerAsync(resolved.Project!.ProjectId, body.Value.Uuid, context.RequestAborted) == ScannerRegistrationChange.Changed
            ? Results.Ok()
            : HarborErrorResult.From(RegistryError.BadRequest, $"scanner registration {body.Value.Uuid} not found");
    }

    private static async Task<IResult> CandidatesAsync(string projectNameOrId, HttpContext context, ProjectResolver resolver, IScannerRegistrationMetadata store)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, new Permission(RbacResources.Scanner, RbacActions.Create));
        return resolved.Error ?? await PageAsync(context, store);
    }

    /// <summary>One page of registrations (there are few, so they are filtered in memory): q on name, description, url.</summary>
    private static async Task<IResult> PageAsync(HttpContext context, IScannerRegistrationMetadata store)
    {
        var query = context.Request.Query;
        if (!HarborPaging.TryParse(query, out var page, out var pageSize, out var error)
            || !HarborQueryParser.TryParse(query["q"], QueryKeys, out var filters, out error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var all = await store.ListScannerRegistrationsAsync(context.RequestAborted);
        var matching = all.Where(r => filters.All(f => Matches(f.Key switch { "name" => r.Name, "description" => r.Description, _ => r.Url }, f.Value))).ToList();
        HarborPaging.WriteHeaders(context, matching.Count, page, pageSize);
        return Results.Json(matching.Skip((page - 1) * pageSize).Take(pageSize).Select(r => ScannerRegistrationModel.From(r, ScannerIdentity.BuiltIn)));
    }

    private static bool Matches(string field, QueryValue value) => value switch
    {
        ExactValue exact => string.Equals(field, exact.Value, StringComparison.Ordinal),
        FuzzyValue fuzzy => field.Contains(fuzzy.Value, StringComparison.OrdinalIgnoreCase),
        OrListValue any => any.Values.Contains(field, StringComparer.Ordinal),
        _ => false,
    };

    private static async Task<(ScannerRegistrationRecord? Registration, IResult? Error)> FindAsync(
        string registrationId, HttpContext context, RegistryAuthenticator authenticator, IScannerRegistrationMetadata store)
    {
        if (SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context)) is { } refused)
        {
            return (null, refused);
        }

        var registration = await store.GetScannerRegistrationAsync(registrationId, context.RequestAborted);
        return registration is null
            ? (null, HarborErrorResult.From(RegistryError.NameUnknown, $"scanner registration {registrationId} not found"))
            : (registration, null);
    }

    private static IResult Answer(ScannerRegistrationChange outcome, ScannerRegistrationRecord registration) => outcome switch
    {
        ScannerRegistrationChange.Changed => Results.Ok(),
        ScannerRegistrationChange.Duplicate => HarborErrorResult.From(RegistryError.Conflict, "a scanner with that name or url already exists"),
        ScannerRegistrationChange.Immutable => HarborErrorResult.From(RegistryError.Denied, $"scanner {registration.Name} is built in and cannot be changed or deleted"),
        ScannerRegistrationChange.IsDefault => HarborErrorResult.From(RegistryError.Denied, $"scanner {registration.Name} is the default; make another the default first"),
        _ => HarborErrorResult.From(RegistryError.NameUnknown, $"scanner registration {registration.Uuid} not found"),
    };

    private static IResult Json(AdapterMetadata metadata) =>
        Results.Text(JsonSerializer.Serialize(metadata, AdapterJson.Options), "application/json", null, StatusCodes.Status200OK);
}
