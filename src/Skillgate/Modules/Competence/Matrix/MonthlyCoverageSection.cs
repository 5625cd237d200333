using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Pdf;

namespace Skillgate.Modules.Competence.Matrix;

/// <summary>
/// Competence's part of the monthly report: the share of requirements met at the month's end (from the qualification history),
/// and today's overdue (not in order past their due date) and what expires within 30 days.
/// </summary>
internal static class MonthlyCoverageSection
{
    public static readonly MonthlyReportSection Section = new("coverage", 20, "monthly.coverage", LoadAsync);

    private static async Task<MonthlyReportPart> LoadAsync(IServiceProvider services, MonthlyReportScope scope, CancellationToken ct)
    {
        var t = services.GetRequiredService<Texts>();
        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetLocalNow().DateTime);
        await using var connection = await services.GetRequiredService<Platform.Data.ReportReads>().OpenScopedAsync(ct);
        var (tracked, met) = await connection.QuerySingleAsync<(int, int)>(new CommandDefinition(
            """
            SELECT count(*)::int, count(*) FILTER (WHERE s.status IN ('qualified', 'expiring'))::int
            FROM competence.standing_at(@to) s JOIN org.employee_v e ON e.id = s.employee_id
            WHERE e.status = 'active' AND org.unit_within(e.org_unit_id, @unit)
            """, new { unit = scope.UnitId, to = scope.To }, cancellationToken: ct));
        var (overdue, expiring) = await connection.QuerySingleAsync<(int, int)>(new CommandDefinition(
            """
            SELECT count(*) FILTER (WHERE q.status NOT IN ('qualified', 'expiring') AND q.due_on < @today::date)::int,
                   count(*) FILTER (WHERE q.status = 'expiring' OR (q.status = 'qualified' AND q.valid_until <= @soon::date))::int
            FROM competence.qualification q JOIN org.employee_v e ON e.id = q.employee_id
            WHERE e.status = 'active' AND org.unit_within(e.org_unit_id, @unit)
            """, new { unit = scope.UnitId, today = today.ToDateTime(TimeOnly.MinValue), soon = today.AddDays(30).ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct));
        if (tracked == 0)
        {
            return new MonthlyReportPart([], t["monthly.no_requirements"]);
        }

        return new MonthlyReportPart(
        [
            (t["monthly.coverage_share"], ((double)met / tracked).ToString("0%", CultureInfo.InvariantCulture) + $" ({met}/{tracked})"),
            (t["monthly.overdue"], overdue.ToString(CultureInfo.InvariantCulture)),
            (t["monthly.expiring"], expiring.ToString(CultureInfo.InvariantCulture)),
        ]);
    }
}
