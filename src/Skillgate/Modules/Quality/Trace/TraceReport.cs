using System.Globalization;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Pdf;

namespace Skillgate.Modules.Quality.Trace;

/// <summary>
/// The batch-trace incident report as a PDF to file: the batch, its finding in words (who worked an operation without being
/// qualified at the time, and on what override), every operation with the operator's standing then, the defects and the
/// customer complaints.
/// </summary>
internal sealed class TraceReport(PdfReports reports, Texts t)
{
    public byte[] Batch(BatchTrace trace)
    {
        using var pdf = reports.Create($"{t["trace.report"]} {trace.Code}", $"{t["trace.report"]} · {trace.Code}");
        var unqualified = trace.Operations.Where(o => !o.QualifiedThen).ToList();
        pdf.Title(t["trace.report"], trace.Code)
            .Facts(
            [
                (t["trace.batch_code"], trace.Code),
                (t["trace.product"], trace.Product),
                (t["trace.line"], $"{trace.LineCode} {trace.LineName}".Trim()),
                (t["trace.operations"], trace.Operations.Count.ToString(CultureInfo.InvariantCulture)),
                (t["trace.defects"], trace.Defects.Sum(d => d.Quantity).ToString(CultureInfo.InvariantCulture)),
                (t["trace.complaints"], trace.Complaints.Count.ToString(CultureInfo.InvariantCulture)),
            ])
            .Heading(t["trace.finding"])
            .Paragraph(unqualified.Count == 0
                ? t["trace.finding_all_qualified", trace.Operations.Count]
                : t["trace.finding_unqualified", unqualified.Count, trace.Operations.Count,
                    string.Join(t["trace.list_separator"], unqualified.Select(o => $"{o.EmployeeName}（{o.EmployeeNo}）{o.OperationCode}{(o.OverrideThen is { } why ? " · " + t["trace.override"] + ": " + why : "")}"))]);
        pdf.Heading(t["trace.operations"])
            .Table(
                [t["trace.operation"], t["trace.employee"], t["trace.started"], t["trace.qualified_then"], t["trace.requirements"]],
                [1.3, 1.1, 1.0, 1.2, 2.5],
                trace.Operations.Select(o => (IReadOnlyList<string>)
                [
                    $"{o.OperationCode} {o.OperationName}", $"{o.EmployeeName} {o.EmployeeNo}", Time(o.StartedAt),
                    (o.QualifiedThen ? t["trace.yes"] : t["trace.no"]) + (o.OverrideThen is { } why ? $"\n{t["trace.override"]}: {why}" : ""),
                    o.Requirements.Count == 0 ? t["trace.no_requirements"] : string.Join("\n", o.Requirements.Select(Requirement)),
                ]),
                t["trace.none"])
            .Heading(t["trace.defects"])
            .Table(
                [t["trace.defect_type"], t["trace.quantity"], t["trace.cause"], t["trace.operation"], t["trace.employee"], t["trace.found_on"]],
                [1.4, 0.6, 1.0, 1.0, 1.0, 0.9],
                trace.Defects.Select(d => (IReadOnlyList<string>)
                [
                    d.DefectType, d.Quantity.ToString(CultureInfo.InvariantCulture), t[QualityVocabularies.Cause, d.Cause], d.OperationCode ?? "", d.EmployeeName ?? "",
                    d.FoundOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ]),
                t["trace.none"])
            .Heading(t["trace.complaints"])
            .Table(
                [t["trace.customer"], t["trace.defect_type"], t["trace.severity"], t["trace.description"], t["trace.received_on"]],
                [1.1, 1.0, 0.7, 2.2, 0.9],
                trace.Complaints.Select(c => (IReadOnlyList<string>)
                [
                    c.Customer, c.DefectType, t[QualityVocabularies.Severity, c.Severity], c.Description, c.ReceivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ]),
                t["trace.none"]);
        return pdf.Save();
    }

    private string Requirement(TracedRequirement r) =>
        $"{r.Requirement}: {t[CompetenceVocabularies.QualificationStatus, r.Status]}{(r.TrainedOnVersion is { } v ? $" ({t["trace.trained_on"]} {v})" : "")}"
        + (r.RevokedOn is { } revokedOn ? " " + t["trace.revoked_later", revokedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.RevokedReason ?? ""] : "");

    private static string Time(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
