using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>What the new-evaluation form offers: the published courses and the org units in the caller's scope.</summary>
internal sealed class EvaluationChoices(NpgsqlDataSource dataSource, DataScope scope)
{
    public async Task<IReadOnlyList<(Guid Id, string Label)>> CoursesAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<(Guid, string)>(new CommandDefinition(
            "SELECT id, code || ' ' || title FROM learning.course_v WHERE status = 'published' ORDER BY code", cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<(Guid Id, string Label)>> UnitsAsync(CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<(Guid, string)>(new CommandDefinition(
            """
            SELECT id, repeat('· ', depth) || code || ' ' || name FROM org.org_unit_v WHERE active AND (@all OR id = ANY (@units)) ORDER BY depth, sort, code
            """, new { all = filter.All, units = filter.Ids }, cancellationToken: ct))).ToList();
    }
}
