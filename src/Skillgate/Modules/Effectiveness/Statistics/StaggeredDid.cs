using System.Buffers;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>An effect <c>EventTime</c> periods after training (negative: before, the pre-trend), with its 95 % normal interval.</summary>
internal sealed record EventEffect(int EventTime, double Estimate, double StandardError, double Lower, double Upper, int Treated);

/// <summary>A post-training group-time cell and its weight in the overall effect: the treated units it averages over.</summary>
internal sealed record CellWeight(int Group, int Period, double Weight, string[] Treated);

internal sealed record DidResult(
    Estimate Overall,
    double CounterfactualMean,
    IReadOnlyList<EventEffect> Events,
    PreTrendTest PreTrend,
    int TreatedUnits,
    int ControlUnits,
    IReadOnlyList<CellWeight> Weights);

/// <summary>The Wald test that every pre-training effect is zero: χ² on <c>Df</c> degrees of freedom.</summary>
internal sealed record PreTrendTest(double ChiSquare, int Df, double P);

/// <summary>
/// Callaway and Sant'Anna's (2021) estimator for staggered training: a group-time effect ATT(g,t) for every training period g
/// and period t compares the change in outcome of the units trained in g with that of units not yet trained at t (including
/// never trained) — after training from the base (each unit's mean over the <c>baseWindow</c> periods before g, so one noisy
/// week does not carry every post-training comparison), before it from t−1 to t (the pre-trend) — over units observed in both.
/// Under the <see cref="TrendModel"/> the untrained's change is carried over as a ratio (defect rates move by factors: a
/// plant-wide improvement of 10 % lowers a 4 % operator by 0.4 points and a 1 % one by 0.1) or as a difference. The effects are
/// averaged by event time e = t − g weighted by the treated units in each cell, and the overall effect is the mean of the post-training event-time effects. Standard errors come from each unit's influence on the
/// aggregate (so a unit serving as a control in many cells is counted once, clustered by unit); intervals are normal.
/// </summary>
internal static class StaggeredDid
{
    /// <summary>
    /// The estimate over the options' windows; with a <paramref name="comparison"/> (from matching) only its trained units count
    /// as trained and each training period's cells compare them only with the units matched to that period. Without
    /// <paramref name="inference"/> only the point estimates are computed (a permutation needs no standard error).
    /// </summary>
    public static DidResult Estimate(Panel panel, AnalysisOptions options, Comparison? comparison = null, bool inference = true)
    {
        var units = panel.Units.Where(u => panel.Group(u) > 0).ToList();
        var groups = units.Select(panel.Group).ToArray();
        // Only periods in which a unit that counts as trained was trained make cells (a matched comparison names them).
        // Who may count as trained, and where each unit sits, looked up once: a hundred diagnostics each walking every cohort's
        // units by id was most of their time.
        var counts = units.Select(u => comparison is null || comparison.Treated.Contains(u.Id)).ToArray();
        var positions = comparison?.ControlsFor is null ? null : units.Select((u, i) => (u.Id, i)).DistinctBy(x => x.Id).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var cohorts = groups.Where((g, i) => g != int.MaxValue && counts[i]).Distinct().Order().ToArray();
        var cells = new List<Cell>();
        // Filled again for each cohort: a permutation runs this two hundred times, and fresh arrays per cohort were most of its garbage.
        var roles = new sbyte[units.Count];
        var postBase = new double[units.Count];
        // The outcomes period by period, so that a cell reads one contiguous row of them.
        var n = units.Count;
        var byPeriod = ArrayPool<double>.Shared.Rent(Math.Max(1, n * panel.Periods));
        try
        {
            for (var i = 0; i < n; i++)
            {
                var y = units[i].Y;
                for (var t = 0; t < panel.Periods; t++)
                {
                    byPeriod[(t * n) + i] = t < y.Length ? y[t] : double.NaN;
                }
            }

            foreach (var g in cohorts)
            {
                Roles(groups, g, counts, comparison?.ControlsFor is null ? null : comparison.ControlsFor.GetValueOrDefault(g) ?? new HashSet<string>(), positions, roles);
                var candidates = Enumerable.Range(0, n).Where(i => groups[i] == g && roles[i] == 1).ToArray();
                var comparisons = roles.Count(r => r < 0);
                // Every post-training cell of the cohort compares against the same base window: each unit's base level once.
                for (var i = 0; i < n; i++)
                {
                    postBase[i] = BeforeAfter.Mean(units[i].Y, g - options.BaseWindow, g);
                }

                for (var e = -options.PreWindow; e < options.PostWindow; e++)
                {
                    var t = g + e;
                    var to = e < 0 ? t - 1 : g - 1;
                    if (t < 0 || t >= panel.Periods || to < 0)
                    {
                        continue;
                    }

                    // Before training a cell compares t with t − 1; after it, with the cohort's base window.
                    var levels = e < 0 ? byPeriod.AsSpan((t - 1) * n, n) : postBase.AsSpan();
                    var cell = Cell.Compute(byPeriod.AsSpan(t * n, n), levels, roles, groups, candidates, comparisons, g, t, to, options.Trend, inference);
                    if (cell is not null)
                    {
                        cells.Add(cell);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(byPeriod);
        }

        var eventTimes = cells.Select(c => c.EventTime).Distinct().Order().ToArray();
        var post = eventTimes.Where(e => e >= 0).ToArray();
        if (post.Length == 0)
        {
            throw new StatisticsException("No trained unit has an untrained comparison after its training.");
        }

        var targets = eventTimes.Length + 1;
        var influence = new double[inference ? units.Count : 0, targets];
        var estimates = new double[targets];
        var counterfactual = 0.0;
        var weights = new List<CellWeight>();
        for (var k = 0; k < eventTimes.Length; k++)
        {
            var inEvent = cells.Where(c => c.EventTime == eventTimes[k]).ToList();
            var total = (double)inEvent.Sum(c => c.TreatedCount);
            foreach (var cell in inEvent)
            {
                var a = cell.TreatedCount / total;
                estimates[k] += a * cell.Att;
                if (inference)
                {
                    cell.AddInfluence(influence, k, a);
                }

                if (eventTimes[k] >= 0)
                {
                    var overall = a / post.Length;
                    estimates[^1] += overall * cell.Att;
                    counterfactual += overall * cell.Counterfactual;
                    if (inference)
                    {
                        cell.AddInfluence(influence, targets - 1, overall);
                    }

                    if (inference)
                    {
                        weights.Add(new CellWeight(cell.Group, cell.Period, overall, cell.Treated.Select(i => units[i].Id).ToArray()));
                    }
                }
            }
        }

        var covariance = Covariance(influence, inference ? units.Count : 0, targets);
        var events = eventTimes.Select((e, k) =>
        {
            var se = Math.Sqrt(covariance[k, k]);
            return new EventEffect(e, estimates[k], se, estimates[k] - (Statistics.Estimate.Z975 * se), estimates[k] + (Statistics.Estimate.Z975 * se),
                cells.Where(c => c.EventTime == e).Sum(c => c.TreatedCount));
        }).ToList();
        var overallSe = Math.Sqrt(covariance[targets - 1, targets - 1]);
        var used = cells.SelectMany(c => c.Treated).Distinct().Count();
        var controls = cells.SelectMany(c => c.Controls).Distinct().Count();
        return new DidResult(
            Statistics.Estimate.Normal(estimates[^1], overallSe),
            counterfactual,
            events,
            PreTrend(eventTimes, estimates, covariance),
            used,
            controls,
            weights);
    }

    /// <summary>Σ over units of ψᵢψᵢ' (zero without inference).</summary>
    private static Matrix<double> Covariance(double[,] influence, int units, int targets)
    {
        var sums = new double[targets, targets];
        for (var i = 0; i < units; i++)
        {
            for (var r = 0; r < targets; r++)
            {
                var x = influence[i, r];
                if (x == 0)
                {
                    continue;
                }

                for (var c = 0; c < targets; c++)
                {
                    sums[r, c] += x * influence[i, c];
                }
            }
        }

        return Matrix<double>.Build.DenseOfArray(sums);
    }

    /// <summary>
    /// Fills <paramref name="roles"/> per unit: 1 if it may be a trained unit of cohort g (<paramref name="counts"/>), −1 if a
    /// comparison for it (when not yet trained: any unit, or with matching only those in <paramref name="controls"/>), 0 if neither.
    /// </summary>
    private static void Roles(int[] groups, int g, bool[] counts, IReadOnlySet<string>? controls, Dictionary<string, int>? positions, sbyte[] roles)
    {
        for (var i = 0; i < groups.Length; i++)
        {
            roles[i] = groups[i] == g ? (sbyte)(counts[i] ? 1 : 0) : (sbyte)(controls is null ? -1 : 0);
        }

        foreach (var id in controls ?? Enumerable.Empty<string>())
        {
            if (positions!.TryGetValue(id, out var i) && groups[i] != g)
            {
                roles[i] = -1;
            }
        }
    }

    private static PreTrendTest PreTrend(int[] eventTimes, double[] estimates, Matrix<double> covariance)
    {
        var pre = Enumerable.Range(0, eventTimes.Length).Where(k => eventTimes[k] < 0).ToArray();
        if (pre.Length == 0)
        {
            return new PreTrendTest(0, 0, 1);
        }

        var theta = Vector<double>.Build.Dense(pre.Select(k => estimates[k]).ToArray());
        var v = Matrix<double>.Build.Dense(pre.Length, pre.Length, (r, c) => covariance[pre[r], pre[c]]);
        var chi = theta.DotProduct(v.PseudoInverse() * theta);
        var df = v.Rank();
        return new PreTrendTest(chi, df, df == 0 ? 1 : 1 - ChiSquared.CDF(df, chi));
    }

    /// <summary>
    /// A group-time cell: the four means its effect is computed from, and — when standard errors are wanted — which units it
    /// compared and their values, for their influence. A permutation needs only the means, and runs two hundred times.
    /// </summary>
    private sealed class Cell
    {
        private readonly List<double> treatedNow;
        private readonly List<double> treatedBase;
        private readonly List<double> controlNow;
        private readonly List<double> controlBase;
        private readonly double mTt;
        private readonly double mTb;
        private readonly double mCt;
        private readonly double mCb;
        private readonly TrendModel model;

        private Cell(int g, int t, Sample treated, Sample controls, TrendModel model)
        {
            Group = g;
            Period = t;
            Treated = treated.Units;
            Controls = controls.Units;
            TreatedCount = treated.Count;
            this.model = model;
            treatedNow = treated.Now;
            treatedBase = treated.Base;
            controlNow = controls.Now;
            controlBase = controls.Base;
            (mTt, mTb) = treated.Means;
            (mCt, mCb) = controls.Means;
        }

        public int Group { get; }

        public int Period { get; }

        public int EventTime => Period - Group;

        /// <summary>The treated units compared (empty when only the means were kept).</summary>
        public List<int> Treated { get; }

        /// <summary>The comparison units (empty when only the means were kept).</summary>
        public List<int> Controls { get; }

        public int TreatedCount { get; }

        /// <summary>The treated units' outcome had they not been trained: their base level moved as the comparison units' moved.</summary>
        public double Counterfactual => model == TrendModel.Proportional ? mTb * mCt / mCb : mTb + (mCt - mCb);

        public double Att => mTt - Counterfactual;

        /// <param name="now">Each unit's outcome in period <paramref name="t"/>.</param>
        /// <param name="levels">Each unit's level it is compared with: the period before, or the cohort's base window.</param>
        /// <param name="candidates">The units that may be the cell's trained: without one observed in both periods there is no cell, and the comparison units are not walked.</param>
        public static Cell? Compute(
            ReadOnlySpan<double> now, ReadOnlySpan<double> levels, sbyte[] roles, int[] groups, int[] candidates, int comparisons, int g, int t, int baseTo, TrendModel model, bool keep)
        {
            var observed = false;
            foreach (var i in candidates)
            {
                observed |= !double.IsNaN(now[i]) && !double.IsNaN(levels[i]);
            }

            if (!observed)
            {
                return null;
            }

            var treated = new Sample(keep ? candidates.Length : -1);
            var controls = new Sample(keep ? comparisons : -1);
            var trainedBy = Math.Max(t, baseTo);
            for (var i = 0; i < now.Length; i++)
            {
                var y = now[i];
                if (roles[i] == 0 || double.IsNaN(y) || groups[i] != g && groups[i] <= trainedBy)
                {
                    continue;
                }

                var level = levels[i];
                if (!double.IsNaN(level))
                {
                    (groups[i] == g ? treated : controls).Add(i, y, level);
                }
            }

            if (treated.Count == 0 || controls.Count == 0)
            {
                return null;
            }

            var cell = new Cell(g, t, treated, controls, model);
            return model == TrendModel.Proportional && cell.mCb <= 0 ? null : cell;
        }

        /// <summary>√(n(n−1)) rather than n, so that the squared influences sum to the unbiased variance of each mean.</summary>
        private static double Scale(int n) => n > 1 ? Math.Sqrt(n * (n - 1.0)) : n;

        /// <summary>Adds each unit's influence on this cell's effect (the delta method on the four means), times <paramref name="weight"/>.</summary>
        public void AddInfluence(double[,] influence, int target, double weight)
        {
            var scaleT = Scale(Treated.Count);
            var scaleC = Scale(Controls.Count);
            var growth = model == TrendModel.Proportional ? mCt / mCb : 1;
            for (var k = 0; k < Treated.Count; k++)
            {
                influence[Treated[k], target] += weight * ((treatedNow[k] - mTt) - (growth * (treatedBase[k] - mTb))) / scaleT;
            }

            for (var k = 0; k < Controls.Count; k++)
            {
                var now = controlNow[k] - mCt;
                var before = controlBase[k] - mCb;
                var change = model == TrendModel.Proportional ? (mTb / mCb * now) - (mTb * mCt / (mCb * mCb) * before) : now - before;
                influence[Controls[k], target] -= weight * change / scaleC;
            }
        }
    }

    /// <summary>
    /// One side of a cell as it is gathered: running sums in unit order, and the units and values when kept (<c>capacity</c> ≥ 0,
    /// sized for the units that may come, so that a hundred diagnostics do not grow lists).
    /// </summary>
    private sealed class Sample(int capacity)
    {
        private double sumNow;
        private double sumBase;

        public List<int> Units { get; } = new(Math.Max(0, capacity));

        public List<double> Now { get; } = new(Math.Max(0, capacity));

        public List<double> Base { get; } = new(Math.Max(0, capacity));

        public int Count { get; private set; }

        public (double Now, double Base) Means => (sumNow / Count, sumBase / Count);

        public void Add(int unit, double now, double level)
        {
            sumNow += now;
            sumBase += level;
            Count++;
            if (capacity >= 0)
            {
                Units.Add(unit);
                Now.Add(now);
                Base.Add(level);
            }
        }
    }
}
