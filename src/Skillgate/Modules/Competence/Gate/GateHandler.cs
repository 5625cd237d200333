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
using Skillgate.Platform.Web;

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
        (await CheckAsync(employeeId, null, null, operationId, null, ct))?.Result ?? throw new NotFoundException("employee");

    public async Task<AssignmentRefusal?> RefusalForPositionAsync(Guid employeeId, Guid positionId, CancellationToken ct)
    {
        var verdict = await CheckAsync(employeeId, null, positionId, null, null, ct);
        return verdict is null || verdict.Result.Allowed
            ? null
            : new AssignmentRefusal(verdict.Result.Message, verdict.Result.Unmet.Select(u => new AssignmentShortfall(u.RequirementId, u.Requirement, u.Status, u.DueOn)).ToList());
    }

    public Task PositionsChangedAsync(IReadOnlyCollection<Guid> employeeIds, CancellationToken ct) =>
        employeeIds.Count == 0 ? Task.CompletedTask : engine.RefreshAsync(employeeIds, null, ct);

    /// <summary>
    /// Evaluates an employee (by id, or by number) against a post's or an operation's (by id, or by code) requirements in one
    /// statement (<c>competence.gate</c>, migration 0052); null when the employee does not exist.
    /// </summary>
    public async Task<Verdict?> CheckAsync(Guid? employeeId, string? employeeNo, Guid? positionId, Guid? operationId, string? operationCode, CancellationToken ct)
    {
        // Inside a change the check joins its transaction; on its own (the MES at login) it takes a pooled connection, and the
        // function checks no scope (it runs as the owner): the caller compares the employee's unit with its scope.
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var own = transaction is null ? await dataSource.OpenConnectionAsync(ct) : null;
        var connection = own ?? (await db.SqlAsync(ct)).Connection;
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT employee_id AS EmployeeId, org_unit_id AS OrgUnitId, operation_id AS OperationId, requirement_id AS RequirementId, status, due_on AS DueOn,
                   kind, min_level AS MinLevel, skill_name AS SkillName, document_code AS DocumentCode, major, minor, prerequisite_ids AS PrerequisiteIds,
                   min_points AS MinPoints, points_months AS PointsMonths, points_earned AS PointsEarned, min_credits AS MinCredits,
                   credit_category AS CreditCategory, credits_earned AS CreditsEarned, override_id AS OverrideId
            FROM competence.gate(@employeeId, @employeeNo, @positionId, @operationId, @operationCode, @now, @today::date, @window)
            """,
            new
            {
                employeeId, employeeNo, positionId, operationId, operationCode, now = clock.GetUtcNow(),
                today = engine.Today.ToDateTime(TimeOnly.MinValue), window = engine.ExpiringWindowDays,
            },
            transaction, cancellationToken: ct))).AsList();
        if (positionId is null && rows[0].OperationId is null)
        {
            var v = new Validation();
            v.Add("operation", t["competence.operation_unknown"]);
            v.ThrowIfInvalid();
        }

        if (rows[0].EmployeeId is null)
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
            return new Verdict(new GateResult(true, true, [], null, t["gate.qualified"]), first.OrgUnitId!.Value);
        }

        var reasons = string.Join("; ", unmet.Select(u => $"{u.Requirement} ({u.Shortfall ?? t[CompetenceVocabularies.QualificationStatus, u.Status]})"));
        return new Verdict(
            new GateResult(false, first.OverrideId is not null, unmet, first.OverrideId,
                first.OverrideId is null ? t["gate.refused", reasons] : t["gate.overridden", reasons]),
            first.OrgUnitId!.Value);
    }

    private sealed class Row : EvaluatedRequirement
    {
        public Guid? EmployeeId { get; init; }

        public Guid? OrgUnitId { get; init; }

        public Guid? OperationId { get; init; }

        public Guid? OverrideId { get; init; }

        public int? PointsEarned { get; init; }

        public decimal? CreditsEarned { get; init; }
    }
}
