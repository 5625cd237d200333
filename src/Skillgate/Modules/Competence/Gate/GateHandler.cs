using Dapper;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Competence.Gate;

/// <summary>
/// The qualification gate: nobody works a post or an operation without meeting its requirements,
/// unless QA granted an override that is still in force. One query answers it (the MES asks at every login).
/// </summary>
internal sealed class GateHandler(CompetenceDb db, NpgsqlDataSource dataSource, QualificationEngine engine, TimeProvider clock, Texts t) : IAssignmentGate
{
    /// <summary>The employee's org unit as well, so callers can check it against the data scope; null when the employee does not exist.</summary>
    public sealed record Verdict(GateResult Result, Guid OrgUnitId);

    public async Task<GateResult> CheckOperationAsync(Guid employeeId, Guid operationId, CancellationToken ct) =>
        (await CheckAsync(employeeId, null, null, operationId, ct))?.Result ?? throw new Platform.Web.NotFoundException("employee");

    public async Task<AssignmentRefusal?> RefusalForPositionAsync(Guid employeeId, Guid positionId, CancellationToken ct)
    {
        var verdict = await CheckAsync(employeeId, null, positionId, null, ct);
        return verdict is null || verdict.Result.Allowed
            ? null
            : new AssignmentRefusal(verdict.Result.Message, verdict.Result.Unmet.Select(u => new AssignmentShortfall(u.RequirementId, u.Requirement, u.Status, u.DueOn)).ToList());
    }

    public Task PositionsChangedAsync(IReadOnlyCollection<Guid> employeeIds, CancellationToken ct) =>
        employeeIds.Count == 0 ? Task.CompletedTask : engine.RefreshAsync(employeeIds, null, ct);

    /// <summary>Evaluates an employee (by id, or by number) against a post's or an operation's requirements.</summary>
    public async Task<Verdict?> CheckAsync(Guid? employeeId, string? employeeNo, Guid? positionId, Guid? operationId, CancellationToken ct)
    {
        // Inside a change the check joins its transaction; on its own (the MES at login) it takes a pooled connection.
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var own = transaction is null ? await dataSource.OpenScopedAsync(ct) : null;
        var connection = own ?? (await db.SqlAsync(ct)).Connection;
        var now = clock.GetUtcNow();
        // Two shapes of the first step, so each uses its unique index (an OR of both would scan the table).
        var findEmployee = employeeId is null ? "employee_no = @employeeNo" : "id = @employeeId";
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $$"""
            WITH emp AS (
                SELECT id, org_unit_id FROM org.employee_v WHERE {{findEmployee}}
            ), req AS (
                SELECT r.*, ARRAY(SELECT rp.prerequisite_id FROM competence.requirement_prerequisite rp WHERE rp.requirement_id = r.id) AS prerequisites
                FROM competence.requirement r
                WHERE r.active AND competence.requirement_in_force(r.created_at, r.retired_at, @now) AND (r.position_id = @positionId OR r.operation_id = @operationId)
                  AND competence.applies_to(r.org_unit_id, (SELECT org_unit_id FROM emp))
            ), wanted AS (
                SELECT id FROM req UNION SELECT unnest(prerequisites) FROM req
            ), ids AS (
                SELECT array_agg(wanted.id ORDER BY wanted.id) AS ids FROM wanted
            ), ev AS (
                SELECT ev.* FROM emp, ids, LATERAL (SELECT ARRAY[coalesce(cardinality(ids.ids), 0)] AS size) n,
                    competence.evaluate_at(array_fill(emp.id, n.size), coalesce(ids.ids, '{}'), array_fill(@now::timestamptz, n.size), array_fill(@today::date, n.size), @window) ev
            )
            SELECT emp.id AS EmployeeId, emp.org_unit_id AS OrgUnitId, ev.requirement_id AS RequirementId, ev.status, ev.due_on AS DueOn,
                   req.kind, req.min_level AS MinLevel, s.name AS SkillName, d.code AS DocumentCode, cv.major AS Major, cv.minor AS Minor,
                   req.prerequisites AS PrerequisiteIds, req.min_points AS MinPoints, req.points_months AS PointsMonths,
                   CASE WHEN req.kind = 'points' THEN points.earned(emp.id, @now, req.points_months) END AS PointsEarned,
                   req.min_credits AS MinCredits, req.credit_category AS CreditCategory,
                   CASE WHEN req.kind = 'credits' THEN learning.credits_earned(emp.id, @now, extract(year FROM @today::date)::integer, req.credit_category) END AS CreditsEarned,
                   (SELECT o.id FROM competence.override o
                    WHERE o.employee_id = emp.id AND o.revoked_at IS NULL AND o.expires_at > @now
                      AND (o.position_id = @positionId OR o.operation_id = @operationId) LIMIT 1) AS OverrideId
            FROM emp
            LEFT JOIN ev ON true
            LEFT JOIN req ON req.id = ev.requirement_id
            LEFT JOIN competence.skill s ON s.id = req.skill_id
            LEFT JOIN standards.document_v d ON d.id = req.document_id
            LEFT JOIN standards.document_version_v cv ON cv.id = ev.version_id
            """,
            new
            {
                employeeId, employeeNo, positionId, operationId, now,
                today = engine.Today.ToDateTime(TimeOnly.MinValue), window = engine.ExpiringWindowDays,
            },
            transaction, cancellationToken: ct))).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var statuses = EvaluatedRequirement.WithPrerequisites(rows);
        var unmet = rows.Where(r => r.RequirementId is not null && r.Kind is not null)
            .Select(r => (Row: r, Status: statuses[r.RequirementId!.Value]))
            .Where(x => !EvaluatedRequirement.Passing.Contains(x.Status))
            .Select(x => new UnmetRequirement(x.Row.RequirementId!.Value, x.Row.Label(engine), x.Status, x.Row.DueOn)
            {
                Shortfall = x.Row switch
                {
                    { Kind: RequirementKind.Points, MinPoints: { } min, PointsEarned: { } earned } when earned < min => t["gate.points_short", earned, min - earned].Value,
                    { Kind: RequirementKind.Credits, MinCredits: { } min, CreditsEarned: { } earned } when earned < min =>
                        t["gate.credits_short", CreditAmounts.Format(earned), CreditAmounts.Format(min - earned)].Value,
                    _ => null,
                },
            })
            .OrderBy(u => u.Requirement, StringComparer.Ordinal)
            .ToList();
        var first = rows[0];
        if (unmet.Count == 0)
        {
            return new Verdict(new GateResult(true, true, [], null, t["gate.qualified"]), first.OrgUnitId);
        }

        var reasons = string.Join("; ", unmet.Select(u => $"{u.Requirement} ({u.Shortfall ?? t[CompetenceVocabularies.QualificationStatus, u.Status]})"));
        return new Verdict(
            new GateResult(false, first.OverrideId is not null, unmet, first.OverrideId,
                first.OverrideId is null ? t["gate.refused", reasons] : t["gate.overridden", reasons]),
            first.OrgUnitId);
    }

    private sealed class Row : EvaluatedRequirement
    {
        public Guid EmployeeId { get; init; }

        public Guid OrgUnitId { get; init; }

        public Guid? OverrideId { get; init; }

        public int? PointsEarned { get; init; }

        public decimal? CreditsEarned { get; init; }
    }
}
