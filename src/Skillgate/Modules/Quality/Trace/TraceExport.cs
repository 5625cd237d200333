using Skillgate.Modules.Competence.Contracts;
using System.Globalization;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Quality.Trace;

/// <summary>The batch trace as a workbook: operations with the operator's standing then, defects and complaints, one sheet each.</summary>
internal sealed class TraceExport(Texts t)
{
    public byte[] Batch(BatchTrace trace)
    {
        using var buffer = new MemoryStream();
        using (var writer = new XlsxWriter(buffer))
        {
            writer.AddSheet(t["trace.operations"], [t["trace.operation"], t["trace.work_centre"], t["trace.employee_no"], t["trace.employee"], t["trace.started"], t["trace.ended"],
                t["trace.qualified_then"], t["trace.requirements"], t["trace.override"], t["trace.checks"]],
                trace.Operations.Select(o => new object?[]
                {
                    $"{o.OperationCode} {o.OperationName}", o.WorkCentre, o.EmployeeNo, o.EmployeeName, o.StartedAt, o.EndedAt,
                    o.QualifiedThen ? t["trace.yes"].Value : t["trace.no"].Value, Requirements(o), o.OverrideThen,
                    string.Join("; ", o.Checks.Select(c => $"{c.Checklist} {Time(c.PerformedAt)} {(c.Passed ? t["checks.passed"] : t["checks.failed"])}")),
                }));
            writer.AddSheet(t["trace.defects"], [t["trace.defect_type"], t["trace.quantity"], t["trace.cause"], t["trace.operation"], t["trace.employee"], t["trace.found_on"]],
                trace.Defects.Select(d => new object?[] { d.DefectType, d.Quantity, t[QualityVocabularies.Cause, d.Cause].Value, d.OperationCode, d.EmployeeName, d.FoundOn }));
            writer.AddSheet(t["trace.complaints"], [t["trace.customer"], t["trace.defect_type"], t["trace.severity"], t["trace.description"], t["trace.received_on"]],
                trace.Complaints.Select(c => new object?[] { c.Customer, c.DefectType, t[QualityVocabularies.Severity, c.Severity].Value, c.Description, c.ReceivedOn }));
        }

        return buffer.ToArray();
    }

    private string Requirements(TracedOperation o) =>
        string.Join("; ", o.Requirements.Select(r => $"{r.Requirement}: {t[CompetenceVocabularies.QualificationStatus, r.Status]}{(r.TrainedOnVersion is { } v ? $" ({t["trace.trained_on"]} {v})" : "")}{(r.RevokedOn is { } revokedOn ? " " + t["trace.revoked_later", revokedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.RevokedReason ?? ""] : "")}"));

    private static string Time(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
