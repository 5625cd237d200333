using Dapper;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Learning.Exams;

/// <summary>Attempts as trainers and HR see them: only employees in the caller's data scope.</summary>
internal sealed class AttemptQueries(NpgsqlDataSource dataSource, DataScope scope, IOrganizationDirectory organization)
{
    private const string Select = """
        SELECT a.id, a.paper_id, p.title AS paper_title, a.employee_id, e.employee_no, e.name AS employee_name, a.number, a.status, a.started_at, a.submitted_at, a.percent, a.passed
        FROM learning.attempt a JOIN learning.paper p ON p.id = a.paper_id JOIN org.employee_v e ON e.id = a.employee_id
        """;

    public Task<bool> VisibleAsync(Guid employeeId, CancellationToken ct) => organization.EmployeeVisibleAsync(employeeId, ct);

    public async Task<Page<AttemptSummary>> ListAsync(Guid? paperId, string? status, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        var filter = await scope.GetAsync(ct);
        var args = new { paperId, status = string.IsNullOrWhiteSpace(status) ? null : status, all = filter.All, units = filter.Ids, limit = pageSize, offset = (page - 1) * pageSize };
        const string where = "WHERE (@paperId::uuid IS NULL OR a.paper_id = @paperId) AND (@status::text IS NULL OR a.status = @status) AND (@all OR e.org_unit_id = ANY(@units))";
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM learning.attempt a JOIN org.employee_v e ON e.id = a.employee_id {where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"{Select} {where} ORDER BY a.started_at DESC LIMIT @limit OFFSET @offset", args, cancellationToken: ct));
        return new Page<AttemptSummary>(rows.Select(r => r.ToDto()).ToList(), total, page, pageSize);
    }

    public async Task<AttemptSummary> SummaryAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var row = await connection.QueryFirstAsync<Row>(new CommandDefinition($"{Select} WHERE a.id = @id", new { id }, cancellationToken: ct));
        return row.ToDto();
    }

    private sealed class Row
    {
        public Guid Id { get; init; }

        public Guid PaperId { get; init; }

        public string PaperTitle { get; init; } = "";

        public Guid EmployeeId { get; init; }

        public string EmployeeNo { get; init; } = "";

        public string EmployeeName { get; init; } = "";

        public int Number { get; init; }

        public string Status { get; init; } = "";

        public DateTime StartedAt { get; init; }

        public DateTime? SubmittedAt { get; init; }

        public decimal? Percent { get; init; }

        public bool? Passed { get; init; }

        public AttemptSummary ToDto() => new(
            Id, PaperId, PaperTitle, EmployeeId, EmployeeNo, EmployeeName, Number, Status, new DateTimeOffset(StartedAt, TimeSpan.Zero),
            SubmittedAt is { } s ? new DateTimeOffset(s, TimeSpan.Zero) : null, Percent, Passed);
    }
}
