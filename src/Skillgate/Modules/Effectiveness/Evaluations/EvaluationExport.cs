using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>An evaluation as a workbook: the summary with the verdict, then the event study, balance, diagnostics and cost vs saving.</summary>
internal static class EvaluationExport
{
    public static byte[] Create(EvaluationDto e, Texts t)
    {
        var r = e.Result;
        using var buffer = new MemoryStream();
        using (var writer = new XlsxWriter(buffer))
        {
            writer.AddSheet(t["effect.sheet_summary"], [t["effect.item"], t["effect.value"]],
            [
                [t["effect.course"].Value, e.CourseTitle],
                [t["effect.scope"].Value, e.OrgUnitName],
                [t["effect.period"].Value, $"{e.From:yyyy-MM-dd} – {e.To:yyyy-MM-dd}"],
                [t["effect.outcome_label"].Value, t[EffectivenessVocabularies.Outcome, e.Outcome].Value],
                [t["effect.unit_label"].Value, t[EffectivenessVocabularies.Unit, r.UnitOfAnalysis].Value],
                [t["effect.verdict_label"].Value, EvaluationText.Verdict(e, t)],
                [t["effect.estimate"].Value, r.Effect?.Estimate],
                [t["effect.ci_lower"].Value, r.Effect?.Lower],
                [t["effect.ci_upper"].Value, r.Effect?.Upper],
                [t["effect.treated"].Value, r.Treated],
                [t["effect.controls"].Value, r.Controls],
                [t["effect.power"].Value, r.Power],
                [t["effect.pretrend_p"].Value, r.PreTrendP],
                [t["effect.permutation_p"].Value, r.PermutationP],
                [t["effect.inputs_sha"].Value, e.InputsSha256],
            ]);
            writer.AddSheet(t["effect.event_study"], [t["effect.event_time"], t["effect.estimate"], t["effect.ci_lower"], t["effect.ci_upper"], t["effect.treated"]],
                r.EventStudy.Select(x => new object?[] { x.EventTime, x.Estimate, x.Lower, x.Upper, x.Treated }));
            writer.AddSheet(t["effect.balance"], [t["effect.covariate_label"], t["effect.treated_mean"], t["effect.control_before"], t["effect.smd_before"], t["effect.control_after"], t["effect.smd_after"]],
                r.Balance.Select(b => new object?[] { t[EffectivenessVocabularies.Covariate, b.Covariate].Value, b.TreatedMean, b.ControlMeanBefore, b.SmdBefore, b.ControlMeanAfter, b.SmdAfter }));
            writer.AddSheet(t["effect.diagnostics"], [t["effect.dimension_label"], t["effect.group"], t["effect.treated"], t["effect.estimate"], t["effect.ci_lower"], t["effect.ci_upper"], t["effect.verdict_label"], t["effect.participation"], t["effect.exam_score"]],
                r.Diagnostics.Select(d => new object?[] { t[EffectivenessVocabularies.Dimension, d.Dimension].Value, EvaluationText.GroupLabel(d, t), d.Treated, d.Effect?.Estimate, d.Effect?.Lower, d.Effect?.Upper, t[EffectivenessVocabularies.Verdict, d.Verdict].Value, d.Participation, d.ExamScore }));
            if (r.Roi is { } roi)
            {
                writer.AddSheet(t["effect.roi"], [t["effect.item"], t["effect.value"], t["effect.ci_lower"], t["effect.ci_upper"]],
                [
                    [t["effect.cost"].Value, roi.Cost, null, null],
                    [t["effect.defects_avoided"].Value, roi.DefectsAvoided.Value, roi.DefectsAvoided.Lower, roi.DefectsAvoided.Upper],
                    [t["effect.benefit"].Value, roi.Benefit.Value, roi.Benefit.Lower, roi.Benefit.Upper],
                    [t["effect.net_benefit"].Value, roi.NetBenefit.Value, roi.NetBenefit.Lower, roi.NetBenefit.Upper],
                    [t["effect.roi_percent"].Value, roi.RoiPercent?.Value, roi.RoiPercent?.Lower, roi.RoiPercent?.Upper],
                    [t["effect.bcr"].Value, roi.BenefitCostRatio?.Value, roi.BenefitCostRatio?.Lower, roi.BenefitCostRatio?.Upper],
                ]);
            }
        }

        return buffer.ToArray();
    }
}
