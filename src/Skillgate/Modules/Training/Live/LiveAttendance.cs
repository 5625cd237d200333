using Dapper;
using Npgsql;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Live;

/// <summary>
/// Checked-in against expected per department (the participants' org units), for the live dashboard (limited to the viewer's
/// data scope: a workshop head sees only their units' rows) and the alerts (every department).
/// </summary>
internal sealed class LiveAttendance(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<DepartmentAttendance>> ForSessionAsync(Guid sessionId, ScopeFilter scope, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(Guid UnitId, string UnitName, int Expected, int CheckedIn)>(new CommandDefinition(
            """
            SELECT u.id, u.name, count(*)::int,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM training.attendance a WHERE a.session_id = p.session_id AND a.employee_id = p.employee_id AND a.kind = 'in'))::int
            FROM training.participant p JOIN org.employee_v e ON e.id = p.employee_id JOIN org.org_unit_v u ON u.id = e.org_unit_id
            WHERE p.session_id = @sessionId AND p.status = 'invited' AND (@all OR e.org_unit_id = ANY(@units))
            GROUP BY u.id, u.name ORDER BY u.name
            """, new { sessionId, all = scope.All, units = scope.Ids }, cancellationToken: ct));
        return rows.Select(r => new DepartmentAttendance(r.UnitId, r.UnitName, r.Expected, r.CheckedIn, r.Expected == 0 ? 0 : Math.Round(r.CheckedIn * 100m / r.Expected, 1))).ToList();
    }
}
