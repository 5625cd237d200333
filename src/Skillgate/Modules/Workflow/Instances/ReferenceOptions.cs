using Dapper;
using Npgsql;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Workflow.Instances;

/// <summary>The choices a form's reference fields offer (operations and plans in the caller's scope, published courses, open needs).</summary>
internal sealed class ReferenceOptions(NpgsqlDataSource dataSource, DataScope scope)
{
    private const int Max = 500;

    /// <summary>Per reference type: the label, the rows a caller may choose (scope and state), and their order.</summary>
    private sealed record Kind(string Label, string Table, string Where, string Order)
    {
        public string Choosable => $"{Table} WHERE {Where}";
    }

    private static readonly Dictionary<string, Kind> Kinds = new(StringComparer.Ordinal)
    {
        ["operation"] = new("code || ' · ' || name", "competence.operation_v", "active AND (@all OR org_unit_id = ANY (@units))", "code"),
        ["course"] = new("code || ' · ' || title", "learning.course_v", "status = 'published'", "code"),
        ["need"] = new("title || ' · ' || scope_label", "needs.need_v", "status = 'open' AND (@all OR org_unit_id = ANY (@units))", "created_at DESC"),
        ["plan"] = new("title", "training.plan_v", "status IN ('draft', 'submitted', 'returned') AND (@all OR org_unit_id = ANY (@units))", "created_at DESC"),
    };

    /// <summary>Whether the chosen id is one the form would offer (parameters: id, all, units).</summary>
    public static string ChoosableSql(string type) => $"SELECT EXISTS (SELECT 1 FROM {Kinds[type].Choosable} AND id = @id)";

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<(string Value, string Label)>>> ForAsync(IEnumerable<FieldDef> fields, CancellationToken ct)
    {
        var types = fields.Select(f => f.Type).Where(Kinds.ContainsKey).Distinct().ToList();
        var result = new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal);
        if (types.Count == 0)
        {
            return result;
        }

        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        foreach (var type in types)
        {
            var kind = Kinds[type];
            result[type] = (await connection.QueryAsync<(string, string)>(new CommandDefinition(
                $"SELECT id::text, {kind.Label} FROM {kind.Choosable} ORDER BY {kind.Order} LIMIT @max", new { all = filter.All, units = filter.Ids, max = Max }, cancellationToken: ct))).ToList();
        }

        return result;
    }

    /// <summary>
    /// The names of the records that entered values refer to, whatever their state now, for showing a step's form afterwards
    /// (the instance is visible to the reader, so the names it refers to are too).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<(string Type, string? Value)> references, CancellationToken ct)
    {
        var byType = references.Where(r => Kinds.ContainsKey(r.Type) && Guid.TryParse(r.Value, out _))
            .GroupBy(r => r.Type, r => Guid.Parse(r.Value!)).ToList();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (byType.Count == 0)
        {
            return names;
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        foreach (var group in byType)
        {
            var kind = Kinds[group.Key];
            foreach (var (id, label) in await connection.QueryAsync<(string, string)>(new CommandDefinition(
                         $"SELECT id::text, {kind.Label} FROM {kind.Table} WHERE id = ANY (@ids)", new { ids = group.Distinct().ToArray() }, cancellationToken: ct)))
            {
                names[id] = label;
            }
        }

        return names;
    }
}
