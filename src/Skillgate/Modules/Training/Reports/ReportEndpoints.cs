using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Pdf;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Reports;

internal static class ReportEndpoints
{
    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/attendance/report", (string? group, DateOnly? from, DateOnly? to, Reports.AttendanceReport h, CancellationToken ct) =>
                h.RatesAsync(group ?? "department", from, to, ct))
            .WithTags("Training: attendance").WithName("AttendanceReport").WithSummary("Attendance rate by department, course or month (group=department|course|month).")
            .RequireAuthorization(Permissions.TrainingRead);
        app.MapGet("/api/v1/training/reports/monthly", async (Guid orgUnitId, string? month, MonthlyReport report, IOrganizationDirectory organization, TimeProvider clock, Texts t, CancellationToken ct) =>
            {
                var current = MonthlyReport.MonthOf(DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
                if (!DateOnly.TryParseExact(month, ["yyyy-MM", "yyyy-MM-dd"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
                    || MonthlyReport.MonthOf(day) > current)
                {
                    new Validation().Add("month", t["monthly.month_invalid"]).ThrowIfInvalid();
                }

                if (!(await organization.VisibleTreeAsync(false, ct)).Any(u => u.Id == orgUnitId))
                {
                    throw new NotFoundException("org_unit");
                }

                return TypedResults.File(await report.RenderAsync([orgUnitId], day, ct), PdfReports.ContentType, $"training-report-{MonthlyReport.Label(MonthlyReport.MonthOf(day))}.pdf");
            })
            .WithTags("Training: attendance").WithName("MonthlyTrainingReport")
            .WithSummary("A unit's monthly training report as a PDF: participation, coverage and overdue, check-in anomalies, effectiveness and points, in the caller's language.")
            .Produces(StatusCodes.Status200OK, contentType: PdfReports.ContentType).RequireAuthorization(Permissions.TrainingRead);
        app.MapPost("/api/v1/jobs/monthly-report", async (MonthlyReportJob job, CancellationToken ct) => new { queued = await job.RunAsync(ct) })
            .WithTags("Jobs").WithName("RunMonthlyReport")
            .WithSummary("On the first working day of a month: e-mail each department head last month's report of their units (once; also run every hour).")
            .RequireAuthorization(Permissions.UsersWrite);
        app.MapGet("/api/v1/attendance/report/export", async (DateOnly? from, DateOnly? to, Reports.AttendanceReport h, Platform.Localization.Texts t, CancellationToken ct) =>
                TypedResults.File(await h.ExportAsync(from, to, t, ct), Skillgate.Platform.Excel.XlsxFile.ContentType, "attendance.xlsx"))
            .WithTags("Training: attendance").WithName("ExportAttendanceReport").WithSummary("The attendance rates as .xlsx (a sheet per grouping).")
            .RequireAuthorization(Permissions.TrainingRead);
    }
}
