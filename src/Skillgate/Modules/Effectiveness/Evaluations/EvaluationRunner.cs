using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Modules.Effectiveness.Statistics;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>
/// Turns a panel into what an evaluation shows: the verdict's estimate (staggered for people, the line regression for lines) with
/// the comparisons, checks and balance table; the same estimate per instructor, format and department; the "high scores, no
/// quality change" flag; and cost vs saving. Pure: the same panel and context give the same result, which is how a stored
/// evaluation is reproduced.
/// </summary>
internal static class EvaluationRunner
{
    /// <summary>A first-attempt exam average at or above this, with no quality effect shown, raises the "high scores, no change" flag.</summary>
    public const double HighScore = 85;

    public static EvaluationResultDto Run(EvaluationPanel panel, EvaluationRequest request, EvaluationContext context) =>
        Run(panel, request, context, Analyse(panel, request));

    /// <summary>
    /// The statistics of a panel of people, which need no context (so they can run while it is read); null for lines, or when
    /// nobody trained has a comparison before and after (the verdict is then "insufficient data").
    /// </summary>
    public static AnalysisResult? Analyse(EvaluationPanel panel, EvaluationRequest request)
    {
        if (panel.UnitOfAnalysis == "line")
        {
            return null;
        }

        try
        {
            return EffectAnalysis.Run(panel.Panel, request.Options);
        }
        catch (StatisticsException)
        {
            return null;
        }
    }

    /// <summary>The evaluation's result from its panel, context and the panel's statistics (<see cref="Analyse"/>).</summary>
    public static EvaluationResultDto Run(EvaluationPanel panel, EvaluationRequest request, EvaluationContext context, AnalysisResult? analysis)
    {
        var labels = panel.Periods.Select(p => p.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return panel.UnitOfAnalysis == "line" ? Lines(panel, request, context, labels) : People(panel, request, context, labels, analysis);
    }

    private static EvaluationResultDto People(EvaluationPanel panel, EvaluationRequest request, EvaluationContext context, List<string> labels, AnalysisResult? result)
    {
        var trained = panel.Members.Count(m => m.TrainedOn is not null);
        var verdict = result?.Verdict ?? new Verdict(VerdictKind.Insufficient, 0, 0, trained < request.Options.MinimumTreated ? "treated" : "controls");
        var diagnostics = Diagnostics(panel, request, context, result);
        var scores = panel.Members.Where(m => m.TrainedOn is not null).Select(m => context.FirstAttemptScore(m.Id)).OfType<double>().ToList();
        var highScoresNoChange = verdict.Kind == VerdictKind.NoEffect && scores.Count > 0 && scores.Average() >= HighScore;
        return new EvaluationResultDto(
            "person",
            "staggered",
            Dto(result?.Did.Overall),
            result is null ? null : Dto(result.Relative),
            result is { } found && double.IsFinite(found.Did.CounterfactualMean) ? found.Did.CounterfactualMean : null,
            Code(verdict.Kind),
            verdict.Shortfall,
            verdict.Power,
            verdict.WorthDetecting,
            result?.Did.TreatedUnits ?? trained,
            result?.Did.ControlUnits ?? 0,
            result?.Match?.TreatedUnmatched ?? 0,
            panel.Members.Count,
            panel.Periods.Count,
            labels,
            result?.Did.Events.Select(e => new EventDto(e.EventTime, e.Estimate, e.Lower, e.Upper, e.Treated)).ToList() ?? [],
            result?.Did.PreTrend.P,
            Dto(result?.TwoWay),
            Dto(result?.BeforeAfter),
            Dto(result?.Placebo),
            result?.PermutationP,
            result?.Match?.Balance.Select(b => new BalanceDto(b.Covariate, b.TreatedMean, b.ControlMeanBefore, b.SmdBefore, b.ControlMeanAfter, b.SmdAfter)).ToList() ?? [],
            diagnostics,
            highScoresNoChange,
            context.Levels,
            result is null ? null : Roi(panel, request, context, result.Did.Overall));
    }

    private static EvaluationResultDto Lines(EvaluationPanel panel, EvaluationRequest request, EvaluationContext context, List<string> labels)
    {
        Estimate? effect = null;
        var level = 0.0;
        var lines = panel.Members.Count;
        var trainedLines = 0;
        try
        {
            (effect, level, lines, trainedLines) = LineEstimate.Run(panel.Panel, request.Options.Rule);
        }
        catch (StatisticsException)
        {
            // Too few lines or periods to fit: insufficient data.
        }

        var usable = effect is { } e && double.IsFinite(e.StandardError);
        var verdict = usable && lines >= request.Options.MinimumClusters
            ? Verdict.Of(effect!, level, trainedLines, lines - trainedLines, request.Options with { MinimumTreated = 1, MinimumControls = 1 })
            : new Verdict(VerdictKind.Insufficient, 0, Math.Abs(request.Options.WorthDetecting * level), "clusters");
        return new EvaluationResultDto(
            "line", "two_way", usable ? Dto(effect) : null, null, level, Code(verdict.Kind), verdict.Shortfall, verdict.Power, verdict.WorthDetecting,
            trainedLines, lines - trainedLines, 0, panel.Members.Count, panel.Periods.Count, labels, [], null, usable ? Dto(effect) : null, null, null, null, [], [], false,
            context.Levels, usable ? Roi(panel, request, context, effect!) : null);
    }

    /// <summary>
    /// The default estimate for the trained of each instructor, format and department: the evaluation's own sample and matched
    /// comparison, with only that group's trained counting as trained.
    /// </summary>
    private static List<DiagnosticDto> Diagnostics(EvaluationPanel panel, EvaluationRequest request, EvaluationContext context, AnalysisResult? result)
    {
        var members = panel.Members;
        var groups = new List<(string Dimension, string Key, string Label, Func<PanelMember, bool> In)>();
        foreach (var instructor in members.Where(m => m.CompletionId is not null).SelectMany(m => context.InstructorsOf(m.CompletionId!.Value)).Distinct())
        {
            groups.Add(("instructor", instructor.Id.ToString(), instructor.Name, m => m.CompletionId is { } c && context.InstructorsOf(c).Any(i => i.Id == instructor.Id)));
        }

        foreach (var format in members.Where(m => m.TrainedOn is not null).Select(m => m.Format).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            groups.Add(("format", format, format, m => m.Format == format));
        }

        foreach (var department in members.Where(m => m.TrainedOn is not null).Select(m => (m.OrgUnitId, m.Department)).Distinct())
        {
            groups.Add(("department", department.OrgUnitId?.ToString() ?? "", department.Department ?? "", m => m.OrgUnitId == department.OrgUnitId));
        }

        var sample = result?.Match?.Matched ?? panel.Panel;
        // A plant has a hundred thousand members and a hundred departments: each group looks only at the trained, and a
        // department's size is counted once for all.
        var trainedMembers = members.Where(m => m.TrainedOn is not null).ToList();
        var sizes = members.CountBy(m => m.OrgUnitId ?? Guid.Empty).ToDictionary(c => c.Key, c => c.Value);
        return groups.AsParallel().AsOrdered().Select(g =>
        {
            var inGroup = trainedMembers.Where(g.In).ToList();
            var ids = inGroup.Select(m => m.Id.ToString()).ToHashSet(StringComparer.Ordinal);
            var comparison = result?.Match?.Comparison is { } matched
                ? matched with { Treated = matched.Treated.Where(ids.Contains).ToHashSet(StringComparer.Ordinal) }
                : new Comparison(ids, null);
            Estimate? effect = null;
            var verdict = VerdictKind.Insufficient;
            if (result is not null)
            {
                try
                {
                    var did = StaggeredDid.Estimate(Involved(sample, comparison), request.Options, comparison);
                    effect = did.Overall;
                    verdict = Verdict.Of(did.Overall, did.CounterfactualMean, did.TreatedUnits, did.ControlUnits, request.Options).Kind;
                }
                catch (StatisticsException)
                {
                    // Nobody of this group has a comparison before and after: shown with its count and "insufficient data".
                }
            }

            double? participation = null;
            if (g.Dimension == "department")
            {
                var all = sizes.GetValueOrDefault(g.Key.Length == 0 ? Guid.Empty : Guid.Parse(g.Key));
                participation = all == 0 ? null : (double)inGroup.Count / all;
            }

            var scores = inGroup.Select(m => context.FirstAttemptScore(m.Id)).OfType<double>().ToList();
            return new DiagnosticDto(g.Dimension, g.Key, g.Label, inGroup.Count, Dto(effect), Code(verdict), participation, scores.Count == 0 ? null : scores.Average());
        }).ToList();
    }

    /// <summary>
    /// The units a comparison can use: with matched comparison units, its trained and those matched to them (the others would
    /// play no part, and a hundred departments each walking the whole sample is most of an evaluation's time); else all.
    /// </summary>
    private static Panel Involved(Panel sample, Comparison comparison)
    {
        if (comparison.ControlsFor is not { } controlsFor)
        {
            return sample;
        }

        var cohorts = sample.Units.Where(u => comparison.Treated.Contains(u.Id)).Select(sample.Group).ToHashSet();
        var keep = comparison.Treated.Concat(controlsFor.Where(c => cohorts.Contains(c.Key)).SelectMany(c => c.Value)).ToHashSet(StringComparer.Ordinal);
        return sample with { Units = sample.Units.Where(u => keep.Contains(u.Id)).ToList() };
    }

    /// <summary>
    /// Phillips ROI: cost = participants × cost per participant + class hours × each participant's hourly labour cost + the
    /// sessions' instructor hours × the instructor rate; benefit = −effect × units the trained process per period × horizon × cost
    /// per defect; each benefit figure at the effect's estimate and at both ends of its interval.
    /// </summary>
    private static RoiDto? Roi(EvaluationPanel panel, EvaluationRequest request, EvaluationContext context, Estimate effect)
    {
        if (!double.IsFinite(effect.Value) || !double.IsFinite(effect.Lower) || !double.IsFinite(effect.Upper))
        {
            return null;
        }

        var trained = panel.Members.Where(m => m.TrainedOn is not null).ToList();
        var participants = panel.UnitOfAnalysis == "line" ? context.Participants : trained.Count;
        var participantCost = participants * context.CostPerParticipant;
        var labourCost = context.LabourCost;
        var instructorCost = context.InstructorCost;
        var cost = participantCost + labourCost + instructorCost;
        var post = panel.UnitOfAnalysis == "line" ? panel.Members : trained;
        var exposures = post.SelectMany(m => m.Exposure.Where(x => x > 0)).ToList();
        var unitsPerPeriod = exposures.Count == 0 ? 0 : exposures.Average() * post.Count;
        var horizon = request.HorizonPeriods;
        RangeDto Range(Func<double, double> f)
        {
            var (a, b) = (f(effect.Upper), f(effect.Lower));
            return new RangeDto(f(effect.Value), Math.Min(a, b), Math.Max(a, b));
        }

        double Avoided(double e) => -e * unitsPerPeriod * horizon;
        double Benefit(double e) => Avoided(e) * (double)context.CostPerDefect;
        var costValue = (double)cost;
        return new RoiDto(
            participants, participantCost, labourCost, instructorCost, cost, unitsPerPeriod, horizon, context.CostPerDefect,
            Range(Avoided), Range(Benefit), Range(e => Benefit(e) - costValue),
            costValue == 0 ? null : Range(e => (Benefit(e) - costValue) / costValue * 100),
            costValue == 0 ? null : Range(e => Benefit(e) / costValue));
    }

    private static string Code(VerdictKind kind) => kind switch
    {
        VerdictKind.Lower => "lower",
        VerdictKind.Higher => "higher",
        VerdictKind.NoEffect => "no_effect",
        _ => "insufficient",
    };

    /// <summary>An estimate as shown, or none when it could not be computed (no variance, no comparison): never NaN or infinity.</summary>
    private static EstimateDto? Dto(Estimate? e) =>
        e is null || !double.IsFinite(e.Value) || !double.IsFinite(e.StandardError) || !double.IsFinite(e.Lower) || !double.IsFinite(e.Upper)
            ? null
            : new EstimateDto(e.Value, e.StandardError, e.Lower, e.Upper, double.IsFinite(e.P) ? e.P : 1);
}
