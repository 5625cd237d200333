using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow.Instances;

/// <summary>
/// The MOC action: a draft training plan with one line per position the changed operation impacts (positions whose active people
/// in the instance's unit and below work the operation now), counting its refreshers (assigned to the operation) and its new staff
/// (in the position, not yet assigned). The operation, course and go-live date are the first operation, course and date fields
/// filled in the instance's forms.
/// </summary>
internal sealed class MocTrainingPlan(ITrainingPlans plans, TimeProvider clock, Texts t)
{
    public async Task<Guid> CreateAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Guid orgUnitId, string number, IReadOnlyList<StepDef> steps, IReadOnlyDictionary<string, Dictionary<string, string?>> data, CancellationToken ct)
    {
        string? First(string type) => steps.SelectMany(s => s.Form.Where(f => f.Type == type).Select(f => data.TryGetValue(s.Key, out var form) && form.TryGetValue(f.Key, out var value) ? value : null))
            .FirstOrDefault(value => value is not null);
        if (!Guid.TryParse(First("operation"), out var operationId) || !Guid.TryParse(First("course"), out var courseId))
        {
            throw new RuleViolationException("moc_needs_operation", t["workflow.moc_needs_operation"]);
        }

        var goLive = DateOnly.TryParseExact(First("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var positions = (await connection.QueryAsync<(Guid PositionId, int Refreshers, int NewStaff)>(new CommandDefinition(
            """
            WITH subtree AS (SELECT org.unit_subtree(@orgUnitId) AS id)
            SELECT e.position_id,
                   count(*) FILTER (WHERE a.id IS NOT NULL)::int,
                   count(*) FILTER (WHERE a.id IS NULL)::int
            FROM org.employee_v e
            LEFT JOIN LATERAL (SELECT x.id FROM competence.operation_assignment_v x WHERE x.employee_id = e.id AND x.operation_id = @operationId AND x.ended_at IS NULL LIMIT 1) a ON true
            WHERE e.status = 'active' AND e.org_unit_id IN (SELECT id FROM subtree) AND e.position_id IN (
                SELECT p.position_id FROM competence.operation_assignment_v oa JOIN org.employee_v p ON p.id = oa.employee_id
                WHERE oa.operation_id = @operationId AND oa.ended_at IS NULL AND p.status = 'active' AND p.position_id IS NOT NULL
                  AND p.org_unit_id IN (SELECT id FROM subtree))
            GROUP BY e.position_id ORDER BY e.position_id
            """, new { operationId, orgUnitId }, tx, cancellationToken: ct))).ToList();
        if (positions.Count == 0)
        {
            throw new RuleViolationException("moc_no_positions", t["workflow.moc_no_positions"]);
        }

        var code = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT code FROM competence.operation_v WHERE id = @operationId", new { operationId }, tx, cancellationToken: ct));
        var month = new DateOnly(goLive.Year, goLive.Month, 1);
        var plan = await plans.CreateAsync(new PlanInput(Cut($"MOC {number} · {code}", 200), "month", month, orgUnitId, 0), ct);
        foreach (var p in positions)
        {
            await plans.AddItemAsync(plan.Id, new PlanItemInput(courseId, p.PositionId, p.Refreshers + p.NewStaff, month, t["workflow.moc_line", number, p.NewStaff, p.Refreshers]), ct);
        }

        return plan.Id;
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
