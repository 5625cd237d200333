using Dapper;
using Npgsql;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Reports;

/// <summary>Attendance rate (checked in / invited, sessions already started, not cancelled) by department, course and month, in the caller's scope.</summary>
internal sealed class AttendanceReport(Platform.Data.ReportReads dataSource, DataScope scope, TimeProvider clock)
{
    public static readonly string[] Groups = ["department", "course", "month"];

    public async Task<IReadOnlyList<AttendanceRateRow>> RatesAsync(string group, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var key = group switch
        {
            "course" => "c.code || ' · ' || c.title",
            "month" => "to_char(s.starts_at, 'YYYY-MM')",
            _ => "u.name",
        };
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(string Label, int Invited, int Attended)>(new CommandDefinition(
            $"""
            SELECT {key} AS label, count(*)::int,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM training.attendance a WHERE a.session_id = s.id AND a.employee_id = p.employee_id AND a.kind = 'in'))::int
            FROM training.participant p
            JOIN training.session s ON s.id = p.session_id
            JOIN learning.course_v c ON c.id = s.course_id
            JOIN org.employee_v e ON e.id = p.employee_id JOIN org.org_unit_v u ON u.id = e.org_unit_id
            WHERE p.status = 'invited' AND s.status <> 'cancelled' AND s.starts_at <= @now
              AND (@from::date IS NULL OR s.starts_at >= @from) AND (@to::date IS NULL OR s.starts_at < @to::date + 1)
              AND (@all OR e.org_unit_id = ANY(@units))
            GROUP BY 1 ORDER BY 1
            """, new { now = clock.GetUtcNow(), from = from?.ToDateTime(TimeOnly.MinValue), to = to?.ToDateTime(TimeOnly.MinValue), all = filter.All, units = filter.Ids },
            cancellationToken: ct));
        return rows.Select(r => new AttendanceRateRow(group, r.Label, r.Invited, r.Attended, r.Invited == 0 ? 0 : Math.Round(r.Attended * 100m / r.Invited, 1))).ToList();
    }

    public async Task<byte[]> ExportAsync(DateOnly? from, DateOnly? to, Texts t, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        using (var writer = new XlsxWriter(buffer))
        {
            foreach (var group in Groups)
            {
                var rows = await RatesAsync(group, from, to, ct);
                writer.AddSheet(t[TrainingVocabularies.ReportGroup, group], [t[TrainingVocabularies.ReportGroup, group], t["sessions.invited"], t["sessions.checked_in"], t["reports.rate"]],
                    rows.Select(r => new object?[] { r.Label, r.Invited, r.Attended, r.Rate }));
            }
        }

        return buffer.ToArray();
    }
}
