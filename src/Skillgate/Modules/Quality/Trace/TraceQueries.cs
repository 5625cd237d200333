using Dapper;
using Npgsql;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Quality.Trace;

/// <summary>
/// The trace (数据追溯): from a batch, every operation with its operator's standing at that moment, the checks covering them,
/// and the batch's defects and complaints; from an employee, their operations, trainings, checks and defects over a period.
/// </summary>
internal sealed class TraceQueries(NpgsqlDataSource dataSource, IQualificationHistory history, IOrganizationDirectory organization, DataScope scope, Texts t)
{
    /// <summary>How far back a supervision check of the operator on the same operation still covers them.</summary>
    public static readonly TimeSpan CheckCoverage = TimeSpan.FromDays(180);

    public async Task<BatchTrace> BatchAsync(string code, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var batch = await connection.QuerySingleOrDefaultAsync<BatchRow>(new CommandDefinition(
            """
            SELECT b.id, b.code, b.product, b.line_id, u.code AS line_code, u.name AS line_name FROM quality.batch b
            LEFT JOIN org.org_unit_v u ON u.id = b.line_id WHERE b.code = @code
            """, new { code = code.Trim() }, cancellationToken: ct)) ?? throw new NotFoundException(t["quality.batch_unknown", code]);
        var operations = await OperationsAsync(connection, "r.batch_id = @id", new { id = batch.Id }, ct);
        var filter = await scope.GetAsync(ct);
        if (!filter.All && !(batch.LineId is { } line && filter.Covers(line)) && !operations.Any(o => filter.Covers(o.Unit)))
        {
            throw new NotFoundException(t["quality.batch_unknown", code]);
        }

        var defects = await DefectsAsync(connection, "d.batch_id = @id", new { id = batch.Id }, ct);
        var complaints = await connection.QueryAsync<ComplaintDto>(new CommandDefinition(
            $"{ComplaintSql} WHERE c.batch_id = @id ORDER BY c.received_on", new { id = batch.Id }, cancellationToken: ct));
        return new BatchTrace(batch.Id, batch.Code, batch.Product, batch.LineCode, batch.LineName, await WithStandingAsync(connection, operations, ct), defects, complaints.ToList());
    }

    public async Task<EmployeeTrace> EmployeeAsync(Guid employeeId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (to < from || to.DayNumber - from.DayNumber > 3660)
        {
            new Validation().Add("to", t["quality.period_invalid"]).ThrowIfInvalid();
        }

        if (!await organization.EmployeeVisibleAsync(employeeId, ct))
        {
            throw new NotFoundException(t["learning.employee_unknown", employeeId]);
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        var person = await connection.QuerySingleAsync<(string No, string Name, string Unit)>(new CommandDefinition(
            "SELECT e.employee_no, e.name, u.name FROM org.employee_v e JOIN org.org_unit_v u ON u.id = e.org_unit_id WHERE e.id = @employeeId",
            new { employeeId }, cancellationToken: ct));
        var range = new { employeeId, from = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), fromDay = from.ToDateTime(TimeOnly.MinValue), toDay = to.ToDateTime(TimeOnly.MinValue) };
        var operations = await OperationsAsync(connection, "r.employee_id = @employeeId AND r.started_at >= @from AND r.started_at < @to", range, ct);
        var trainings = await connection.QueryAsync<TracedTraining>(new CommandDefinition(
            """
            SELECT d.code || ' v' || v.major || '.' || v.minor || ' ' || d.title AS document, c.completed_on, CASE WHEN c.revoked_at IS NULL THEN c.result ELSE 'revoked' END AS result, c.source
            FROM competence.completion_v c JOIN standards.document_version_v v ON v.id = c.document_version_id JOIN standards.document_v d ON d.id = v.document_id
            WHERE c.employee_id = @employeeId AND c.completed_on BETWEEN @fromDay::date AND @toDay::date ORDER BY c.completed_on
            """, range, cancellationToken: ct));
        var checks = await connection.QueryAsync<CheckRow>(new CommandDefinition(
            $"SELECT NULL::uuid AS record_id, c.* FROM ({CheckSql} WHERE s.employee_id = @employeeId AND s.performed_at >= @from AND s.performed_at < @to) c ORDER BY c.performed_at",
            range, cancellationToken: ct));
        var defects = await DefectsAsync(connection, "d.employee_id = @employeeId AND d.found_on BETWEEN @fromDay::date AND @toDay::date", range, ct);
        return new EmployeeTrace(employeeId, person.No, person.Name, person.Unit, from, to, await WithStandingAsync(connection, operations, ct), trainings.ToList(), checks.Select(c => c.ToDto()).ToList(), defects);
    }

    private const string CheckSql =
        """
        SELECT s.id, l.code || ' ' || l.title AS checklist, s.performed_at, s.passed, s.performed_by_name AS performed_by
        FROM quality.supervision_check s JOIN quality.checklist l ON l.id = s.checklist_id
        """;

    internal const string ComplaintSql =
        """
        SELECT c.id, c.external_id, c.customer, c.batch_id, b.code AS batch_code, b.line_id, c.defect_type, c.description, c.severity, c.received_on
        FROM quality.complaint c LEFT JOIN quality.batch b ON b.id = c.batch_id
        """;

    private static async Task<List<OperationRow>> OperationsAsync(NpgsqlConnection connection, string where, object args, CancellationToken ct) =>
        (await connection.QueryAsync<OperationRow>(new CommandDefinition(
            $"""
            SELECT r.id, b.code AS batch_code, o.id AS operation_id, o.code AS operation_code, o.name AS operation_name, r.work_centre, r.employee_id,
                   e.employee_no, e.name AS employee_name, r.org_unit_id AS unit, r.started_at, r.ended_at
            FROM quality.operation_record r
            JOIN quality.batch b ON b.id = r.batch_id
            JOIN competence.operation_v o ON o.id = r.operation_id
            JOIN org.employee_v e ON e.id = r.employee_id
            WHERE {where} ORDER BY r.started_at, o.code LIMIT 2000
            """, args, cancellationToken: ct))).ToList();

    private static async Task<List<TracedDefect>> DefectsAsync(NpgsqlConnection connection, string where, object args, CancellationToken ct) =>
        (await connection.QueryAsync<TracedDefect>(new CommandDefinition(
            $"""
            SELECT b.code AS batch_code, d.defect_type, d.quantity, d.cause, o.code AS operation_code, e.employee_no, e.name AS employee_name, d.found_on
            FROM quality.defect d JOIN quality.batch b ON b.id = d.batch_id
            LEFT JOIN competence.operation_v o ON o.id = d.operation_id LEFT JOIN org.employee_v e ON e.id = d.employee_id
            WHERE {where} ORDER BY d.found_on, d.defect_type LIMIT 2000
            """, args, cancellationToken: ct))).ToList();

    private async Task<IReadOnlyList<TracedOperation>> WithStandingAsync(NpgsqlConnection connection, List<OperationRow> operations, CancellationToken ct)
    {
        var standings = await history.StandingsAsync(operations.Select(o => new WorkedOperation(o.EmployeeId, o.OperationId, o.Unit, Utc(o.StartedAt))).ToList(), ct);
        var checks = (await connection.QueryAsync<CheckRow>(new CommandDefinition(
            $"""
            WITH w AS (SELECT * FROM unnest(@ids, @employees, @operations, @batches, @starts) AS w(record_id, employee_id, operation_id, batch_code, started_at))
            SELECT w.record_id, c.* FROM w CROSS JOIN LATERAL (
                {CheckSql}
                LEFT JOIN quality.batch cb ON cb.id = s.batch_id
                WHERE s.employee_id = w.employee_id
                  AND (cb.code = w.batch_code OR ((s.operation_id = w.operation_id OR l.operation_id = w.operation_id) AND s.performed_at BETWEEN w.started_at - @coverage AND w.started_at))
                ORDER BY s.performed_at DESC LIMIT 5) c
            """,
            new
            {
                ids = operations.Select(o => o.Id).ToArray(), employees = operations.Select(o => o.EmployeeId).ToArray(),
                operations = operations.Select(o => o.OperationId).ToArray(), batches = operations.Select(o => o.BatchCode).ToArray(),
                starts = operations.Select(o => o.StartedAt).ToArray(), coverage = CheckCoverage,
            }, cancellationToken: ct))).ToLookup(c => c.RecordId!.Value);
        return operations.Select((o, i) => new TracedOperation(
            o.Id, o.BatchCode, o.OperationCode, o.OperationName, o.WorkCentre, o.EmployeeId, o.EmployeeNo, o.EmployeeName, Utc(o.StartedAt), Utc(o.EndedAt),
            standings[i].Qualified, standings[i].OverrideReason,
            standings[i].Requirements.Select(r => new TracedRequirement(r.Requirement, r.Status, r.TrainedOnVersion, r.RevokedOn, r.RevokedReason)).ToList(),
            checks[o.Id].Select(c => c.ToDto()).ToList())).ToList();
    }

    private sealed record BatchRow(Guid Id, string Code, string Product, Guid? LineId, string? LineCode, string? LineName);

    private sealed record OperationRow(
        Guid Id, string BatchCode, Guid OperationId, string OperationCode, string OperationName, string? WorkCentre, Guid EmployeeId, string EmployeeNo, string EmployeeName,
        Guid Unit, DateTime StartedAt, DateTime? EndedAt);

    private sealed record CheckRow(Guid? RecordId, Guid Id, string Checklist, DateTime PerformedAt, bool Passed, string PerformedBy)
    {
        public TracedCheck ToDto() => new(Id, Checklist, Utc(PerformedAt), Passed, PerformedBy);
    }
}
