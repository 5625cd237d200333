using System.Globalization;
using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>
/// The plain-language verdict: "培训组缺陷率比对照组多下降 0.42 个百分点（95% 置信区间 0.12–0.71；培训 38 人，对照 61 人）". Rates are shown
/// in percentage points; a fall is a positive number of points fallen.
/// </summary>
internal static class EvaluationText
{
    public static string Verdict(EvaluationDto e, Texts t)
    {
        var r = e.Result;
        var outcome = t[EffectivenessVocabularies.Outcome, e.Outcome].Value;
        var units = t[EffectivenessVocabularies.Counted, r.UnitOfAnalysis].Value;
        if (r.Verdict == "insufficient" || r.Effect is null)
        {
            return t["effect.says_insufficient", outcome, t[EffectivenessVocabularies.Shortfall, r.Shortfall ?? "treated"].Value, r.Treated, r.Controls, units, Percent(r.Power)];
        }

        var (value, lower, upper) = (Points(r.Effect.Estimate), Points(r.Effect.Lower), Points(r.Effect.Upper));
        return r.Verdict switch
        {
            "lower" => t["effect.says_lower", outcome, Fixed(-value), Fixed(-upper), Fixed(-lower), r.Treated, r.Controls, units],
            "higher" => t["effect.says_higher", outcome, Fixed(value), Fixed(lower), Fixed(upper), r.Treated, r.Controls, units],
            _ => t["effect.says_no_effect", outcome, Fixed(lower), Fixed(upper), r.Treated, r.Controls, units, Percent(r.Power)],
        };
    }

    public static string GroupLabel(DiagnosticDto d, Texts t) => d.Dimension == "format" ? t[EffectivenessVocabularies.Format, d.Key].Value : d.Label;

    /// <summary>A rate difference in percentage points (pass rates and defect rates alike are shares).</summary>
    public static double Points(double rate) => rate * 100;

    public static string Fixed(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
