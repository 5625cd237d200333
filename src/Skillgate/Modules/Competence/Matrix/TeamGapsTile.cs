using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Matrix;

/// <summary>
/// The home page of a department head (or production manager): who in their units may not work a requirement of their post or
/// operation today and why (not trained, expired, retraining required — unless QA's override for that post or operation is in
/// force), and what expires in the next 30 days. Read from the stored statuses, a few rows and two counts, not the whole matrix.
/// </summary>
internal static class TeamGapsTile
{
    public static readonly HomeTile Tile = new("team-gaps", 5, Permissions.HomeTeam, "home.tile.team", "~/Modules/Competence/Matrix/_TeamGapsTile.cshtml", LoadAsync);

    public const int Shown = 6;

    public sealed record Model(int BlockedPeople, IReadOnlyList<GapRow> Blocked, int ExpiringCount, IReadOnlyList<GapRow> Expiring);

    // The scope is spelled out (row security alone would bound the result but not lead the plan from the head's people), and the
    // statuses are those of the partial index of gaps, which are few beside the pairs in order.
    private static string Gaps(ScopeFilter scope) =>
        $"""
        FROM org.employee_v e
        JOIN competence.qualification q ON q.employee_id = e.id AND q.status IN ('not_trained', 'expired', 'retraining_required', 'expiring')
        JOIN competence.requirement r ON r.id = q.requirement_id
        JOIN org.org_unit_v u ON u.id = e.org_unit_id
        WHERE e.status <> 'exited' {(scope.All ? "" : "AND e.org_unit_id = ANY(@units)")} AND r.active AND NOT EXISTS (
            SELECT 1 FROM competence.override o
            WHERE o.employee_id = q.employee_id AND o.revoked_at IS NULL AND o.expires_at > @now
              AND (o.position_id = r.position_id OR o.operation_id = r.operation_id))
        """;

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var horizon = DateOnly.FromDateTime(clock.GetLocalNow().DateTime).AddDays(30).ToDateTime(TimeOnly.MinValue);
        var scope = await services.GetRequiredService<DataScope>().GetAsync(ct);
        var gaps = Gaps(scope);
        await using var connection = await services.GetRequiredService<Platform.Data.ReportReads>().OpenScopedAsync(ct);
        var args = new { now, horizon, shown = Shown, units = scope.Ids };
        var counts = await connection.QuerySingleAsync<(int Blocked, int Expiring)>(new CommandDefinition(
            $"""
            SELECT count(DISTINCT q.employee_id) FILTER (WHERE q.status IN ('not_trained', 'expired', 'retraining_required'))::int,
                   count(*) FILTER (WHERE q.status = 'expiring' AND coalesce(q.due_on, q.valid_until) <= @horizon::date)::int
            {gaps}
            """, args, cancellationToken: ct));
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            (SELECT q.employee_id, e.employee_no, e.name, u.name AS unit, q.requirement_id, q.status, coalesce(q.due_on, q.valid_until) AS due
             {gaps} AND q.status IN ('not_trained', 'expired', 'retraining_required')
             ORDER BY e.employee_no, q.requirement_id LIMIT @shown)
            UNION ALL
            (SELECT q.employee_id, e.employee_no, e.name, u.name, q.requirement_id, q.status, coalesce(q.due_on, q.valid_until)
             {gaps} AND q.status = 'expiring' AND coalesce(q.due_on, q.valid_until) <= @horizon::date
             ORDER BY 7, e.employee_no LIMIT @shown)
            """, args, cancellationToken: ct))).ToList();
        var ids = rows.Select(r => r.RequirementId).Distinct().ToList();
        var requirements = await services.GetRequiredService<CompetenceDb>().Set<Requirement>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var labels = await services.GetRequiredService<QualificationEngine>().LabelsAsync(requirements, ct);
        // A requirement carried by both a post and an operation reads the same: listed once per person.
        var listed = rows.Select(r => new GapRow(r.EmployeeId, r.EmployeeNo, r.Name, r.Unit, labels.GetValueOrDefault(r.RequirementId, "?"), r.Status, r.Due))
            .DistinctBy(g => (g.EmployeeId, g.Requirement, g.Status)).ToList();
        return new Model(counts.Blocked, [.. listed.Where(g => g.Status != "expiring")], counts.Expiring, [.. listed.Where(g => g.Status == "expiring")]);
    }

    private sealed record Row(Guid EmployeeId, string EmployeeNo, string Name, string Unit, Guid RequirementId, string Status, DateOnly? Due);
}
