using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Checks;

/// <summary>
/// QA's home: supervision checks due — people working an operation that has an active checklist who have not been checked on
/// it within <c>Skillgate:Quality:SuperviseEveryDays</c> (90 by default), longest waiting first.
/// </summary>
internal static class DueTile
{
    public static readonly HomeTile Tile = new("checks-due", 16, Permissions.HomeQa, "home.tile.checks", "~/Modules/Quality/Checks/_DueTile.cshtml", LoadAsync);

    public const int Shown = 5;

    public sealed record Due(Guid ChecklistId, string Checklist, string EmployeeNo, string Name, DateTime? LastCheckedAt);

    public sealed record Model(int Count, int Days, IReadOnlyList<Due> Longest);

    private const string Pending =
        """
        FROM competence.operation_assignment_v a
        JOIN quality.checklist l ON l.operation_id = a.operation_id AND l.active
        JOIN org.employee_v e ON e.id = a.employee_id AND e.status = 'active'
        LEFT JOIN LATERAL (SELECT max(c.performed_at) AS at FROM quality.supervision_check c WHERE c.employee_id = a.employee_id AND c.operation_id = a.operation_id) last ON true
        WHERE a.ended_at IS NULL AND (last.at IS NULL OR last.at < @since)
        """;

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var days = Math.Max(1, services.GetRequiredService<IConfiguration>().GetValue("Skillgate:Quality:SuperviseEveryDays", 90));
        var args = new { since = services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-days), shown = Shown };
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        var count = await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*)::int {Pending}", args, cancellationToken: ct));
        var longest = await connection.QueryAsync<Due>(new CommandDefinition(
            $"SELECT l.id AS ChecklistId, l.code || ' ' || l.title AS Checklist, e.employee_no AS EmployeeNo, e.name AS Name, last.at AS LastCheckedAt {Pending} ORDER BY last.at NULLS FIRST, e.employee_no LIMIT @shown",
            args, cancellationToken: ct));
        return new Model(count, days, longest.ToList());
    }
}
