using Dapper;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Recommendations;

/// <summary>Whose recommendations a caller may read: their own, or — with the competence reader's right — anyone in their data scope, one by one or as a team.</summary>
internal sealed class RecommendationHandler(RecommendationQueries queries, NpgsqlDataSource dataSource, CurrentUser me, Texts t)
{
    public const int TopPerPerson = 3;

    public Task<IReadOnlyList<RecommendationDto>> MineAsync(CancellationToken ct) =>
        queries.ForEmployeeAsync(me.EmployeeId ?? throw new RuleViolationException("no_employee", t["competence.no_employee"]), ct);

    public async Task<(Guid Id, string Name, string EmployeeNo)> VisibleEmployeeAsync(Guid employeeId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var found = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Name, string EmployeeNo)?>(new CommandDefinition(
            "SELECT id, name, employee_no FROM org.employee_v WHERE id = @employeeId", new { employeeId }, cancellationToken: ct));
        return found ?? throw new NotFoundException("employee");
    }

    public async Task<IReadOnlyList<RecommendationDto>> ForEmployeeAsync(Guid employeeId, CancellationToken ct)
    {
        await VisibleEmployeeAsync(employeeId, ct);
        return await queries.ForEmployeeAsync(employeeId, ct);
    }

    /// <summary>The people in the caller's scope (optionally below one unit, or matching a search), each with their gap count and first recommendations.</summary>
    public async Task<Page<TeamRecommendationDto>> TeamAsync(Guid? orgUnitId, string? q, int page, int pageSize, CancellationToken ct)
    {
        var request = PageRequest.Of(page, pageSize, 100);
        var text = q?.Trim() ?? "";
        var args = new { unit = orgUnitId, like = "%" + text.Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%", text, take = request.Size, skip = request.Skip };
        const string where =
            """
            FROM org.employee_v e JOIN org.org_unit_v u ON u.id = e.org_unit_id
            WHERE e.status <> 'exited' AND (@unit::uuid IS NULL OR org.unit_within(e.org_unit_id, @unit::uuid))
              AND (@text = '' OR e.name ILIKE @like OR e.employee_no ILIKE @like)
            """;
        List<(Guid Id, string EmployeeNo, string Name, string UnitName)> people;
        long total;
        await using (var connection = await dataSource.OpenScopedAsync(ct))
        {
            total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) " + where, args, cancellationToken: ct));
            people = (await connection.QueryAsync<(Guid, string, string, string)>(new CommandDefinition(
                "SELECT e.id, e.employee_no, e.name, u.name " + where + " ORDER BY e.employee_no LIMIT @take OFFSET @skip", args, cancellationToken: ct))).ToList();
        }

        var rows = new List<TeamRecommendationDto>(people.Count);
        foreach (var p in people)
        {
            var (recommendations, gaps) = await queries.ReadAsync(p.Id, ct);
            rows.Add(new TeamRecommendationDto(p.Id, p.EmployeeNo, p.Name, p.UnitName, gaps, recommendations.Take(TopPerPerson).ToList()));
        }

        return new Page<TeamRecommendationDto>(rows, total, request.Number, request.Size);
    }
}
