using System.Globalization;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Employees;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Import;

internal static class ImportEndpoints
{
    public static void MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Excel import and export");
        group.MapGet("/imports/template", (string? lang) => TypedResults.File(
                ImportTemplate.Create(CultureSelection.Normalize(lang ?? CultureInfo.CurrentUICulture.Name) == "zh-CN"),
                ExcelContent.MimeType, "skillgate-import-template.xlsx"))
            .WithName("DownloadImportTemplate").WithSummary("The import template with zh-CN or en headers (lang=zh-CN|en).")
            .Produces(StatusCodes.Status200OK, contentType: ExcelContent.MimeType).RequireAuthorization(Permissions.Import);
        group.MapPost("/imports", async (IFormFile file, ImportHandler h, ImportRunner runner, CurrentUser me, DataScope scope, CancellationToken ct) =>
            {
                var job = await QueueAndStartAsync(file, h, runner, me, scope, ct);
                return TypedResults.Accepted($"/api/v1/imports/{job.Id}", job);
            })
            .DisableAntiforgery().WithUploadLimit(ImportLimits.MaxFileBytes)
            .WithName("StartImport").WithSummary("Upload an .xlsx of org units, positions and employees; poll the returned job.")
            .RequireAuthorization(Permissions.Import);
        group.MapGet("/imports/{id:guid}", async (Guid id, ImportHandler h, CurrentUser me, CancellationToken ct) =>
                await h.GetAsync(id, me.UserId ?? me.ApiKeyCreator ?? Guid.Empty, ct) ?? throw new NotFoundException("import"))
            .WithName("GetImport").WithSummary("Progress and result of an import; errors name sheet, row and column.")
            .RequireAuthorization(Permissions.Import);
        group.MapGet("/employees/export", async (string? q, Guid? orgUnitId, Guid? positionId, string? status, EmployeeHandler h, Texts t, HttpContext http, CancellationToken ct) =>
            {
                http.Response.ContentType = ExcelContent.MimeType;
                http.Response.Headers.ContentDisposition = "attachment; filename=\"employees.xlsx\"";
                await EmployeeExport.WriteAsync(http.Response.Body, await h.StreamAsync(new EmployeeQuery(q, orgUnitId, positionId, status), ct), t, ct);
            })
            .WithName("ExportEmployees").WithSummary("The filtered employee list as .xlsx (same filters as the list).")
            .Produces(StatusCodes.Status200OK, contentType: ExcelContent.MimeType).RequireAuthorization(Permissions.OrgRead);
    }

    internal static async Task<ImportJobDto> QueueAndStartAsync(IFormFile file, ImportHandler h, ImportRunner runner, CurrentUser me, DataScope scope, CancellationToken ct)
    {
        var owner = me.UserId ?? me.ApiKeyCreator ?? throw new NotFoundException("user");
        await using var stream = file.OpenReadStream();
        var job = await h.QueueAsync(file.FileName, stream, file.Length, owner, ct);
        _ = runner.Start(job.Id, owner, me.Name, await scope.GetAsync(ct), CultureInfo.CurrentUICulture);
        return job;
    }
}

internal static class ExcelContent
{
    public const string MimeType = Skillgate.Platform.Excel.XlsxFile.ContentType;
}
