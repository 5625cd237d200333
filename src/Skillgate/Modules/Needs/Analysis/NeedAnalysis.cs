using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Statistics;
using Skillgate.Platform.Data;
using Skillgate.Platform.Time;

namespace Skillgate.Modules.Needs.Analysis;

/// <summary>
/// The needs analysis (培训需求挖掘): every active rule looks at its signal over the data up to today and hands what it finds to the
/// <see cref="NeedWriter"/>. Metric rules read complete periods only (the running week or month is not judged yet).
/// </summary>
internal sealed class NeedAnalysis(NpgsqlDataSource dataSource, IQualitySignals quality, NeedWriter writer, PlantTime plantTime, TimeProvider clock)
{
    /// <summary>How far back the operators of a unit or line are looked for (operation records).</summary>
    private const int OperatorDays = 90;

    public async Task<AnalysisResult> RunAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        var zones = await plantTime.ZonesAsync(ct);
        var today = zones.TodayOf(null, now);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rules = (await connection.QueryAsync<Rule>(new CommandDefinition("SELECT * FROM needs.rule WHERE active ORDER BY created_at", cancellationToken: ct))).ToList();
        var mappings = (await connection.QueryAsync<Mapping>(new CommandDefinition(
            """
            SELECT m.kind, m.key, m.course_id, c.title AS course_title, m.skill_id, s.name AS skill_name FROM needs.mapping m
            LEFT JOIN learning.course_v c ON c.id = m.course_id LEFT JOIN competence.skill_v s ON s.id = m.skill_id
            """, cancellationToken: ct))).ToList();
        var signals = new List<NeedSignal>();
        foreach (var rule in rules)
        {
            signals.AddRange(rule.Kind switch
            {
                "trend" or "control_chart" => await MetricSignalsAsync(rule, mappings.Where(m => m.Kind == "defect_type").ToList(), zones, now, ct),
                "audit_clause" => await FindingSignalsAsync(rule, mappings.Where(m => m.Kind == "clause").ToList(), today, ct),
                "complaint" => await ComplaintSignalsAsync(rule, mappings.Where(m => m.Kind == "defect_type").ToList(), today, ct),
                "self_declared" => await WishSignalsAsync(connection, rule, today, ct),
                "planned_change" => await ChangeSignalsAsync(connection, rule, mappings.Where(m => m.Kind == "equipment").ToList(), today, ct),
                "check_failures" => await CheckFailureSignalsAsync(rule, mappings.Where(m => m.Kind == "checklist").ToList(), today, ct),
                _ => [],
            });
        }

        // Signals taken by an earlier run are known before anyone is looked up for them.
        var taken = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT key FROM needs.signal WHERE key = ANY(@keys)", new { keys = signals.Select(s => s.SignalKey).ToArray() }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var created = 0;
        var updated = 0;
        foreach (var signal in signals.Where(s => !taken.Contains(s.SignalKey)))
        {
            var people = await signal.People(ct);
            if (people.Count == 0)
            {
                continue;
            }

            var outcome = await writer.TakeAsync(signal, people, ct);
            created += outcome == NeedWriter.Outcome.Created ? 1 : 0;
            updated += outcome == NeedWriter.Outcome.Updated ? 1 : 0;
        }

        return new AnalysisResult(signals.Count, created, updated, clock.GetUtcNow(), watch.ElapsedMilliseconds);
    }

    /// <summary>
    /// Each line's series up to its own last complete period: a line's days are its zone's, so where the plants' local days end
    /// different periods the series are read once for each such period and each line keeps the one of its own.
    /// </summary>
    private async Task<List<NeedSignal>> MetricSignalsAsync(Rule rule, List<Mapping> mappings, UnitZones zones, DateTimeOffset now, CancellationToken ct)
    {
        var signals = new List<NeedSignal>();
        foreach (var lastComplete in zones.Todays(now).Select(day => LastComplete(rule, day)).Distinct())
        {
            var series = await quality.DefectSeriesAsync(
                mappings.Select(m => m.Key).ToList(), rule.Period, Periods.Back(rule.Period, lastComplete, Window(rule) - 1), lastComplete, ct);
            signals.AddRange(MetricSignals(rule, mappings, series.Where(s => LastComplete(rule, zones.TodayOf(s.LineId, now)) == lastComplete), lastComplete, zones, now));
        }

        return signals;
    }

    private static DateOnly LastComplete(Rule rule, DateOnly today) => Periods.Start(rule.Period, today).AddDays(-1);

    private static int Window(Rule rule) => rule.Kind == "trend" ? rule.Periods + 1 : 12;

    private List<NeedSignal> MetricSignals(Rule rule, List<Mapping> mappings, IEnumerable<LineDefectSeries> series, DateOnly lastComplete, UnitZones zones, DateTimeOffset now)
    {
        var from = Periods.Back(rule.Period, lastComplete, Window(rule) - 1);
        var signals = new List<NeedSignal>();
        foreach (var s in series)
        {
            var rates = s.Points.Select(p => p.Rate).ToList();
            string[]? args = null;
            if (rule.Kind == "trend" && s.Points.All(p => p.Produced > 0) && ControlChart.Rising(rates, rule.Periods))
            {
                args = [s.LineCode, s.DefectType, rule.Periods.ToString(CultureInfo.InvariantCulture), string.Join(" → ", rates.TakeLast(rule.Periods + 1).Select(Percent))];
            }
            else if (rule.Kind == "control_chart" && s.Points.Count >= 2 && s.Points[^1].Produced > 0)
            {
                var chart = ControlChart.PChart(s.Points.Select(p => (p.Defects, p.Produced)).ToList());
                if (chart[^1].Rules.Count > 0 && chart[^1].P > chart[^1].Center)
                {
                    args = [s.LineCode, s.DefectType, string.Join(", ", chart[^1].Rules), Percent(chart[^1].P), Percent(chart[^1].Center)];
                }
            }

            var mapping = mappings.First(m => string.Equals(m.Key, s.DefectType, StringComparison.OrdinalIgnoreCase));
            if (args is null)
            {
                continue;
            }

            var last = s.Points[^1].Period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            signals.Add(new NeedSignal(
                $"{rule.Kind}:{rule.Id:N}:{s.LineId:N}:{s.DefectType.ToLowerInvariant()}:{last}", rule.Kind, rule.Id, DedupeKey(mapping, s.LineId), mapping.Title, mapping.CourseId,
                mapping.SkillId, s.LineId, $"{s.LineCode} {s.LineName}",
                new EvidenceItem(rule.Kind, rule.Kind == "trend" ? "needs.why.trend" : "needs.why.chart", args, s.Points.Select(p => PeriodLabel(rule.Period, p.Period)).ToList(), rates,
                    s.Points.Select(p => p.Defects).ToList()),
                rule.Priority, zones.TodayOf(s.LineId, now).AddDays(rule.DueDays), token => quality.LineOperatorsAsync(s.LineId, s.OperationIds, from, lastComplete, token)));
        }

        return signals;
    }

    /// <summary>
    /// A unit's failure rate on a mapped checklist rising <c>periods</c> complete periods in a row, like a trend; a period counts only
    /// with at least <c>threshold</c> checks, so a handful of checks cannot make a rate.
    /// </summary>
    private async Task<List<NeedSignal>> CheckFailureSignalsAsync(Rule rule, List<Mapping> mappings, DateOnly today, CancellationToken ct)
    {
        var lastComplete = LastComplete(rule, today);
        var from = Periods.Back(rule.Period, lastComplete, rule.Periods);
        var signals = new List<NeedSignal>();
        foreach (var s in await quality.CheckFailureSeriesAsync(mappings.Select(m => m.Key).ToList(), rule.Period, from, lastComplete, ct))
        {
            var rates = s.Points.Select(p => p.Rate).ToList();
            if (!s.Points.All(p => p.Checked >= rule.Threshold) || !ControlChart.Rising(rates, rule.Periods))
            {
                continue;
            }

            var mapping = mappings.First(m => string.Equals(m.Key, s.ChecklistCode, StringComparison.OrdinalIgnoreCase));
            var unit = $"{s.UnitCode} {s.UnitName}";
            var last = s.Points[^1].Period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            string[] args = [unit, s.ChecklistTitle, rule.Periods.ToString(CultureInfo.InvariantCulture), string.Join(" → ", rates.Select(Percent))];
            signals.Add(new NeedSignal(
                $"check_failures:{rule.Id:N}:{s.UnitId:N}:{s.ChecklistCode.ToLowerInvariant()}:{last}", rule.Kind, rule.Id, DedupeKey(mapping, s.UnitId), mapping.Title,
                mapping.CourseId, mapping.SkillId, s.UnitId, unit,
                new EvidenceItem(rule.Kind, "needs.why.check_failures", args, s.Points.Select(p => PeriodLabel(rule.Period, p.Period)).ToList(), rates,
                    s.Points.Select(p => p.Failed).ToList()),
                rule.Priority, today.AddDays(rule.DueDays), token => quality.CheckedPeopleAsync(s.UnitId, s.ChecklistId, from, lastComplete, token)));
        }

        return signals;
    }

    private async Task<List<NeedSignal>> FindingSignalsAsync(Rule rule, List<Mapping> mappings, DateOnly today, CancellationToken ct)
    {
        var signals = new List<NeedSignal>();
        foreach (var f in await quality.FindingsAsync(today.AddDays(-365), today, ct))
        {
            // A mapping on "8.5" covers 8.5.1 and 8.5.2; the most specific one wins.
            var mapping = mappings.Where(m => f.Clause == m.Key || f.Clause.StartsWith(m.Key + ".", StringComparison.Ordinal)).MaxBy(m => m.Key.Length);
            if (mapping is null || Severity(f.Severity) < Severity(rule.MinSeverity))
            {
                continue;
            }

            signals.Add(new NeedSignal(
                $"finding:{f.Id:N}", rule.Kind, rule.Id, DedupeKey(mapping, f.OrgUnitId), mapping.Title, mapping.CourseId, mapping.SkillId, f.OrgUnitId, f.OrgUnitName,
                new EvidenceItem(rule.Kind, "needs.why.finding", [f.Audit, f.Clause, f.OrgUnitName, f.Nonconformity]), rule.Priority, f.FoundOn.AddDays(rule.DueDays),
                token => quality.UnitOperatorsAsync(f.OrgUnitId, today.AddDays(-OperatorDays), today, token)));
        }

        return signals;
    }

    private async Task<List<NeedSignal>> ComplaintSignalsAsync(Rule rule, List<Mapping> mappings, DateOnly today, CancellationToken ct)
    {
        var signals = new List<NeedSignal>();
        var complaints = await quality.ComplaintsAsync(today.AddMonths(-rule.Periods), today, ct);
        foreach (var group in complaints.Where(c => Severity(c.Severity) >= Severity(rule.MinSeverity)).GroupBy(c => (Type: c.DefectType.ToLowerInvariant(), c.LineId)))
        {
            var mapping = mappings.FirstOrDefault(m => string.Equals(m.Key, group.Key.Type, StringComparison.OrdinalIgnoreCase));
            if (mapping is null || group.Count() < rule.Threshold)
            {
                continue;
            }

            var latest = group.MaxBy(c => c.ReceivedOn)!;
            string[] args = [group.Count().ToString(CultureInfo.InvariantCulture), group.Key.Type, rule.Periods.ToString(CultureInfo.InvariantCulture),
                string.Join(", ", group.Select(c => c.Customer).Distinct(StringComparer.Ordinal))];
            var batches = group.Where(c => c.BatchId is not null).Select(c => c.BatchId!.Value).ToList();
            signals.Add(new NeedSignal(
                $"complaints:{rule.Id:N}:{group.Key.Type}:{group.Key.LineId:N}:{latest.Id:N}", rule.Kind, rule.Id, DedupeKey(mapping, group.Key.LineId), mapping.Title,
                mapping.CourseId, mapping.SkillId, group.Key.LineId, string.Join(", ", group.Select(c => c.BatchCode).OfType<string>().Distinct(StringComparer.Ordinal)),
                new EvidenceItem(rule.Kind, "needs.why.complaints", args), rule.Priority, today.AddDays(rule.DueDays), token => quality.BatchOperatorsAsync(batches, token)));
        }

        return signals;
    }

    private async Task<List<NeedSignal>> WishSignalsAsync(NpgsqlConnection connection, Rule rule, DateOnly today, CancellationToken ct)
    {
        var wishes = await connection.QueryAsync<(Guid Id, Guid EmployeeId, Guid SkillId, string SkillName, Guid UnitId, string UnitName, string EmployeeName)>(new CommandDefinition(
            """
            SELECT w.id, w.employee_id, w.skill_id, s.name, e.org_unit_id, u.name, e.name FROM competence.skill_wish_v w
            JOIN competence.skill_v s ON s.id = w.skill_id JOIN org.employee_v e ON e.id = w.employee_id JOIN org.org_unit_v u ON u.id = e.org_unit_id
            WHERE w.withdrawn_at IS NULL AND e.status <> 'exited'
            """, cancellationToken: ct));
        return wishes.Select(w => new NeedSignal(
            $"wish:{w.Id:N}", rule.Kind, rule.Id, DedupeKey(null, w.SkillId, w.UnitId), w.SkillName, null, w.SkillId, w.UnitId, w.UnitName,
            new EvidenceItem(rule.Kind, "needs.why.wish", [w.EmployeeName, w.SkillName]), rule.Priority, today.AddDays(rule.DueDays), _ => Task.FromResult<IReadOnlyList<Guid>>([w.EmployeeId]))).ToList();
    }

    private async Task<List<NeedSignal>> ChangeSignalsAsync(NpgsqlConnection connection, Rule rule, List<Mapping> mappings, DateOnly today, CancellationToken ct)
    {
        var changes = await connection.QueryAsync<(Guid Id, string Title, string Equipment, Guid UnitId, string UnitName, DateOnly GoLiveOn, Guid? PositionId)>(new CommandDefinition(
            """
            SELECT c.id, c.title, c.equipment, c.org_unit_id, u.name, c.go_live_on, c.position_id FROM needs.planned_change c JOIN org.org_unit_v u ON u.id = c.org_unit_id
            WHERE c.go_live_on >= @today::date AND c.go_live_on <= @horizon::date
            """, new { today = today.ToDateTime(TimeOnly.MinValue), horizon = today.AddMonths(rule.Periods).ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct));
        var signals = new List<NeedSignal>();
        foreach (var c in changes)
        {
            var mapping = mappings.FirstOrDefault(m => string.Equals(m.Key, c.Equipment, StringComparison.OrdinalIgnoreCase));
            if (mapping is null)
            {
                continue;
            }

            var goLive = c.GoLiveOn;
            signals.Add(new NeedSignal(
                $"change:{c.Id:N}", rule.Kind, rule.Id, DedupeKey(mapping, c.UnitId), mapping.Title, mapping.CourseId, mapping.SkillId, c.UnitId, c.UnitName,
                new EvidenceItem(rule.Kind, "needs.why.change", [c.Title, c.UnitName, goLive.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]), rule.Priority, goLive.AddDays(-rule.DueDays),
                token => c.PositionId is { } post ? PostHoldersAsync(connection, post, c.UnitId, token) : quality.UnitOperatorsAsync(c.UnitId, today.AddDays(-OperatorDays), today, token)));
        }

        return signals;
    }

    /// <summary>A change on a post concerns those who hold it in the unit, whoever worked the line lately.</summary>
    private static async Task<IReadOnlyList<Guid>> PostHoldersAsync(NpgsqlConnection connection, Guid position, Guid unit, CancellationToken ct) =>
        [.. await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM org.employee_v WHERE position_id = @position AND status = 'active' AND org.unit_within(org_unit_id, @unit) ORDER BY employee_no",
            new { position, unit }, cancellationToken: ct))];

    /// <summary>What and where, the same for every source (lines are org units too), so a trend and an audit finding about one line join one need.</summary>
    public static string DedupeKey(Guid? courseId, Guid? skillId, Guid? orgUnitId) =>
        $"{(courseId is { } c ? "course:" + c.ToString("N") : "skill:" + skillId!.Value.ToString("N"))}:unit:{orgUnitId:N}";

    private static string DedupeKey(Mapping mapping, Guid? orgUnitId) => DedupeKey(mapping.CourseId, mapping.SkillId, orgUnitId);

    private static int Severity(string severity) => severity switch
    {
        "critical" => 2,
        "major" => 1,
        _ => 0,
    };

    private static string PeriodLabel(string period, DateOnly start) => start.ToString(period == "week" ? "yyyy-MM-dd" : "yyyy-MM", CultureInfo.InvariantCulture);

    private static string Percent(double rate) => rate.ToString("0.00%", CultureInfo.InvariantCulture);

    private sealed record Rule(Guid Id, string Name, string Kind, string Period, int Periods, int Threshold, string MinSeverity, string Priority, int DueDays, bool Active, DateTime CreatedAt, int Version);

    private sealed record Mapping(string Kind, string Key, Guid? CourseId, string? CourseTitle, Guid? SkillId, string? SkillName)
    {
        public string Title => CourseTitle ?? SkillName ?? Key;
    }
}
