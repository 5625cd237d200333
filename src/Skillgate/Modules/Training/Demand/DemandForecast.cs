using Dapper;
using Npgsql;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Demand;

/// <summary>
/// Who will need which course by when, per month for the next six months, below one org unit: people on the post of a planned
/// change before it goes live, qualifications expiring, retraining due on a released version, and people on a post not yet
/// trained for it (new hires) — each person counted once per course, in the month before their earliest date (overdue ones in
/// this month). Seats, sessions and cost per course and post, less what plans already hold for that month, against the budget
/// of the plans covering it.
/// </summary>
internal sealed class DemandForecast(NpgsqlDataSource dataSource, IConfiguration configuration, TimeProvider clock)
{
    public const int Months = 6;

    private const string PeopleSql =
        """
        WITH units AS (SELECT org.unit_subtree(@unit) AS id),
        people AS (SELECT e.id, e.position_id, e.org_unit_id FROM org.employee_v e WHERE e.status = 'active' AND e.org_unit_id IN (SELECT id FROM units)),
        changes AS (
            SELECT 'change' AS source, c.title AS label, c.go_live_on AS due_on, c.course_id, p.id AS employee_id, p.position_id
            FROM needs.planned_change_v c JOIN people p ON org.unit_within(p.org_unit_id, c.org_unit_id) AND (c.position_id IS NULL OR p.position_id = c.position_id)
            WHERE c.course_id IS NOT NULL AND c.go_live_on >= @today::date AND c.go_live_on < @horizon::date
              AND NOT EXISTS (SELECT 1 FROM learning.course_completion_v cc WHERE cc.course_id = c.course_id AND cc.employee_id = p.id AND cc.revoked_at IS NULL)),
        standings AS (
            SELECT CASE q.status WHEN 'retraining_required' THEN 'revision' WHEN 'not_trained' THEN 'new_hire' ELSE 'expiry' END AS source,
                   d.code || ' v' || v.major || '.' || v.minor AS label,
                   CASE WHEN q.status IN ('retraining_required', 'not_trained') THEN q.due_on ELSE q.valid_until END AS due_on,
                   course.id AS course_id, p.id AS employee_id, p.position_id
            FROM competence.qualification_v q
            JOIN people p ON p.id = q.employee_id
            JOIN competence.requirement_v r ON r.id = q.requirement_id AND r.kind = 'training'
            JOIN standards.document_v d ON d.id = r.document_id
            JOIN standards.document_version_v v ON v.document_id = r.document_id AND v.status = 'effective'
            JOIN LATERAL (SELECT c.id FROM learning.course_document_v cd JOIN learning.course_v c ON c.id = cd.course_id AND c.status = 'published'
                          WHERE cd.document_version_id = v.id ORDER BY c.code LIMIT 1) course ON true
            WHERE q.status IN ('not_trained', 'expired')
               OR (q.status = 'retraining_required' AND coalesce(q.due_on, @today::date) < @horizon::date)
               OR (q.status IN ('qualified', 'expiring') AND q.valid_until < @horizon::date))
        SELECT source AS Source, label AS Label, due_on AS DueOn, course_id AS CourseId, employee_id AS EmployeeId, position_id AS PositionId FROM changes
        UNION ALL
        SELECT source, label, due_on, course_id, employee_id, position_id FROM standings
        """;

    public int ClassSize => Math.Max(1, configuration.GetValue("Skillgate:Training:ClassSize", 20));

    public DateOnly ThisMonth
    {
        get
        {
            var today = Today;
            return new DateOnly(today.Year, today.Month, 1);
        }
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<DemandDto> ForecastAsync(Guid orgUnitId, CancellationToken ct)
    {
        var today = Today;
        var first = ThisMonth;
        var horizon = first.AddMonths(Months);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var people = (await connection.QueryAsync<PersonDemand>(new CommandDefinition(
            PeopleSql, new { unit = orgUnitId, today = today.ToDateTime(TimeOnly.MinValue), horizon = horizon.ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct))).ToList();

        // A person needs a course once: by the earliest of the dates that call for it.
        var earliest = people.GroupBy(p => (p.CourseId, p.EmployeeId))
            .Select(g => g.OrderBy(p => p.DueOn ?? today).First())
            .Select(p => (Person: p, Month: MonthFor(p.DueOn ?? today, first)))
            .ToList();
        var courseIds = earliest.Select(e => e.Person.CourseId).Distinct().ToArray();
        var courses = (await connection.QueryAsync<(Guid Id, string Code, string Title, decimal Cost)>(new CommandDefinition(
            "SELECT id, code, title, cost_per_participant FROM learning.course_v WHERE id = ANY(@courseIds)", new { courseIds }, cancellationToken: ct))).ToDictionary(c => c.Id);
        var positions = (await connection.QueryAsync<(Guid Id, string Name)>(new CommandDefinition(
            "SELECT id, name FROM org.position_v WHERE id = ANY(@ids)", new { ids = earliest.Where(e => e.Person.PositionId is not null).Select(e => e.Person.PositionId!.Value).Distinct().ToArray() },
            cancellationToken: ct))).ToDictionary(p => p.Id, p => p.Name);
        var planned = (await connection.QueryAsync<(DateOnly Month, Guid CourseId, Guid? PositionId, int Participants)>(new CommandDefinition(
            """
            SELECT i.planned_month, i.course_id, i.position_id, sum(i.participants)::int FROM training.plan_item i JOIN training.plan p ON p.id = i.plan_id
            WHERE org.unit_within(p.org_unit_id, @unit) AND i.planned_month >= @first::date AND i.planned_month < @horizon::date
            GROUP BY 1, 2, 3
            """, new { unit = orgUnitId, first = first.ToDateTime(TimeOnly.MinValue), horizon = horizon.ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct)))
            .ToDictionary(p => (p.Month, p.CourseId, p.PositionId), p => p.Participants);
        var budgets = (await connection.QueryAsync<(string Kind, DateOnly Start, decimal Budget, decimal Cost)>(new CommandDefinition(
            """
            SELECT p.period_kind, p.period_start, p.budget, coalesce((SELECT sum(i.estimated_cost) FROM training.plan_item i WHERE i.plan_id = p.id), 0)
            FROM training.plan p WHERE org.unit_within(p.org_unit_id, @unit) AND p.status <> 'returned'
            """, new { unit = orgUnitId }, cancellationToken: ct))).ToList();

        var months = Enumerable.Range(0, Months).Select(i => first.AddMonths(i)).Select(month =>
        {
            var lines = earliest.Where(e => e.Month == month)
                .GroupBy(e => (e.Person.CourseId, e.Person.PositionId))
                .Where(g => courses.ContainsKey(g.Key.CourseId))
                .Select(g =>
                {
                    var course = courses[g.Key.CourseId];
                    var seats = g.Count();
                    var already = planned.GetValueOrDefault((month, g.Key.CourseId, g.Key.PositionId));
                    var open = Math.Max(0, seats - already);
                    return new DemandLineDto(
                        g.Key.CourseId, course.Code, course.Title, g.Key.PositionId, g.Key.PositionId is { } p ? positions.GetValueOrDefault(p) : null, seats, already, open,
                        (open + ClassSize - 1) / ClassSize, course.Cost * open, g.Min(e => e.Person.DueOn ?? today),
                        g.GroupBy(e => e.Person.Source).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new DemandSourceDto(s.Key, s.Count(), s.Select(e => e.Person.Label).Distinct().Take(3).ToList())).ToList());
                })
                .OrderBy(l => l.NeededBy).ThenBy(l => l.CourseCode, StringComparer.Ordinal).ThenBy(l => l.PositionName, StringComparer.Ordinal)
                .ToList();
            var covering = budgets.Where(b => b.Start <= month && month < Plans.PlanHandler.PeriodEnd(b.Kind, b.Start)).ToList();
            return new DemandMonthDto(month, lines, lines.Sum(l => l.Seats), lines.Sum(l => l.OpenSeats), lines.Sum(l => l.Sessions), lines.Sum(l => l.Cost),
                covering.Sum(b => b.Budget), covering.Sum(b => b.Cost));
        }).ToList();
        return new DemandDto(orgUnitId, ClassSize, months);
    }

    /// <summary>Training must be done before the date: the month of the day before it, and this month for what is already late.</summary>
    private static DateOnly MonthFor(DateOnly due, DateOnly thisMonth)
    {
        var before = due.AddDays(-1);
        var month = new DateOnly(before.Year, before.Month, 1);
        return month < thisMonth ? thisMonth : month;
    }

    private sealed class PersonDemand
    {
        public string Source { get; init; } = "";

        public string Label { get; init; } = "";

        public DateOnly? DueOn { get; init; }

        public Guid CourseId { get; init; }

        public Guid EmployeeId { get; init; }

        public Guid? PositionId { get; init; }
    }
}
