using System.Globalization;
using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Pdf;
using static Skillgate.Modules.Effectiveness.Evaluations.EvaluationText;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>
/// The effectiveness report as a PDF to file: the verdict in words, the figures behind it, the event study (the effect month by
/// month, before training as well as after), the groups (instructors, formats, departments) and cost against saving; the inputs'
/// hash lets anyone reproduce it.
/// </summary>
internal sealed class EvaluationReport(PdfReports reports, Texts t)
{
    public byte[] Create(EvaluationDto e)
    {
        var r = e.Result;
        using var pdf = reports.Create($"{t["effect.title"]} · {e.CourseTitle}", $"{t["effect.title"]} · {e.CourseTitle}");
        pdf.Title(t["effect.title"], e.Title)
            .Paragraph(Verdict(e, t))
            .Facts(
            [
                (t["effect.course"], e.CourseTitle),
                (t["effect.scope"], e.OrgUnitName),
                (t["effect.period"], $"{e.From:yyyy-MM-dd} – {e.To:yyyy-MM-dd}"),
                (t["effect.outcome_label"], t[EffectivenessVocabularies.Outcome, e.Outcome]),
                (t["effect.unit_label"], t[EffectivenessVocabularies.Unit, r.UnitOfAnalysis]),
                (t["effect.estimate"], r.Effect is { } x ? $"{Fixed(EvaluationText.Points(x.Estimate))} pp [{Fixed(EvaluationText.Points(x.Lower))}, {Fixed(EvaluationText.Points(x.Upper))}]" : "—"),
                (t["effect.treated"], r.Treated.ToString(CultureInfo.InvariantCulture)),
                (t["effect.controls"], r.Controls.ToString(CultureInfo.InvariantCulture)),
                (t["effect.power"], Percent(r.Power)),
                (t["effect.pretrend_p"], r.PreTrendP is { } p ? p.ToString("0.000", CultureInfo.InvariantCulture) : "—"),
                (t["effect.permutation_p"], r.PermutationP is { } q ? q.ToString("0.000", CultureInfo.InvariantCulture) : "—"),
                (t["effect.inputs_sha"], e.InputsSha256),
            ])
            .Heading(t["effect.event_study"])
            .Table(
                [t["effect.event_time"], t["effect.estimate"], t["effect.ci_lower"], t["effect.ci_upper"], t["effect.treated"]],
                [1, 1, 1, 1, 1],
                r.EventStudy.Select(s => (IReadOnlyList<string>)
                [
                    s.EventTime.ToString(CultureInfo.InvariantCulture), Fixed(EvaluationText.Points(s.Estimate)), Fixed(EvaluationText.Points(s.Lower)), Fixed(EvaluationText.Points(s.Upper)), s.Treated.ToString(CultureInfo.InvariantCulture),
                ]),
                t["effect.no_event_study"])
            .Heading(t["effect.diagnostics"])
            .Table(
                [t["effect.dimension_label"], t["effect.group"], t["effect.treated"], t["effect.estimate"], t["effect.verdict_label"]],
                [1, 1.6, 0.7, 1.6, 1],
                r.Diagnostics.Select(d => (IReadOnlyList<string>)
                [
                    t[EffectivenessVocabularies.Dimension, d.Dimension], GroupLabel(d, t), d.Treated.ToString(CultureInfo.InvariantCulture),
                    d.Effect is { } de ? $"{Fixed(EvaluationText.Points(de.Estimate))} [{Fixed(EvaluationText.Points(de.Lower))}, {Fixed(EvaluationText.Points(de.Upper))}]" : "—", t[EffectivenessVocabularies.Verdict, d.Verdict],
                ]),
                t["effect.no_diagnostics"]);
        if (r.Roi is { } roi)
        {
            pdf.Heading(t["effect.roi"])
                .Bars(
                [
                    (t["effect.cost"], (double)roi.Cost, Money(roi.Cost)),
                    (t["effect.benefit"], Math.Max(roi.Benefit.Value, 0), Money((decimal)roi.Benefit.Value)),
                ])
                .Facts(
                [
                    (t["effect.defects_avoided"], Range(roi.DefectsAvoided, "0.0")),
                    (t["effect.net_benefit"], Range(roi.NetBenefit, "N0")),
                    (t["effect.roi_percent"], roi.RoiPercent is { } rp ? Range(rp, "0") + " %" : "—"),
                ]);
        }

        return pdf.Save();
    }

    private static string Money(decimal amount) => "¥" + amount.ToString("N0", CultureInfo.InvariantCulture);

    private static string Range(RangeDto range, string format) =>
        $"{range.Value.ToString(format, CultureInfo.InvariantCulture)} [{range.Lower.ToString(format, CultureInfo.InvariantCulture)}, {range.Upper.ToString(format, CultureInfo.InvariantCulture)}]";
}
