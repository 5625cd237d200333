using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Training.Reports;

internal static class ReportEndpoints
{
    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/attendance/report", (string? group, DateOnly? from, DateOnly? to, Reports.AttendanceReport h, CancellationToken ct) =>
                h.RatesAsync(group ?? "department", from, to, ct))
            .WithTags("Training: attendance").WithName("AttendanceReport").WithSummary("Attendance rate by department, course or month (group=department|course|month).")
            .RequireAuthorization(Permissions.TrainingRead);
        app.MapGet("/api/v1/attendance/report/export", async (DateOnly? from, DateOnly? to, Reports.AttendanceReport h, Platform.Localization.Texts t, CancellationToken ct) =>
                TypedResults.File(await h.ExportAsync(from, to, t, ct), Skillgate.Platform.Excel.XlsxFile.ContentType, "attendance.xlsx"))
            .WithTags("Training: attendance").WithName("ExportAttendanceReport").WithSummary("The attendance rates as .xlsx (a sheet per grouping).")
            .RequireAuthorization(Permissions.TrainingRead);
    }
}
