using Dapper;
using Npgsql;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Workflow.Instances;

/// <summary>The choices a form's reference fields offer (operations and plans in the caller's scope, published courses, open needs).</summary>
internal sealed class ReferenceOptions(NpgsqlDataSource dataSource, DataScope scope)
{
    private const int Max = 500;

    private static readonly Dictionary<string, string> Sql = new(StringComparer.Ordinal)
    {
        ["operation"] = "SELECT id::text, code || ' · ' || name FROM competence.operation WHERE active AND (@all OR org_unit_id = ANY (@units)) ORDER BY code LIMIT @max",
        ["course"] = "SELECT id::text, code || ' · ' || title FROM learning.course WHERE status = 'published' ORDER BY code LIMIT @max",
        ["need"] = "SELECT id::text, title || ' · ' || scope_label FROM needs.need WHERE status = 'open' AND (@all OR org_unit_id = ANY (@units)) ORDER BY created_at DESC LIMIT @max",
        ["plan"] = "SELECT id::text, title FROM training.plan WHERE status IN ('draft', 'submitted', 'returned') AND (@all OR org_unit_id = ANY (@units)) ORDER BY created_at DESC LIMIT @max",
    };

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<(string Value, string Label)>>> ForAsync(IEnumerable<FieldDef> fields, CancellationToken ct)
    {
        var types = fields.Select(f => f.Type).Where(Sql.ContainsKey).Distinct().ToList();
        var result = new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal);
        if (types.Count == 0)
        {
            return result;
        }

        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        foreach (var type in types)
        {
            result[type] = (await connection.QueryAsync<(string, string)>(new CommandDefinition(Sql[type], new { all = filter.All, units = filter.Ids, max = Max }, cancellationToken: ct))).ToList();
        }

        return result;
    }
}
