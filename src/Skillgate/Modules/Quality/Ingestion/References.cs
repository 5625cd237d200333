using Dapper;
using Npgsql;

namespace Skillgate.Modules.Quality.Ingestion;

/// <summary>The employees (by number), org units and lines (by code) and operations (by code) a set of records names, looked up once.</summary>
internal sealed class References
{
    public required IReadOnlyDictionary<string, (Guid Id, Guid OrgUnitId)> Employees { get; init; }

    public required IReadOnlyDictionary<string, Guid> Units { get; init; }

    public required IReadOnlyDictionary<string, Guid> Operations { get; init; }

    public required IReadOnlyDictionary<string, Guid> Batches { get; init; }

    public static async Task<References> LoadAsync(
        NpgsqlConnection connection, IEnumerable<string?> employeeNos, IEnumerable<string?> unitCodes, IEnumerable<string?> operationCodes, IEnumerable<string?> batchCodes, CancellationToken ct)
    {
        static string[] Clean(IEnumerable<string?> values, bool lower) =>
            values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => lower ? v!.Trim().ToLowerInvariant() : v!.Trim()).Distinct(StringComparer.Ordinal).ToArray();

        var employees = await connection.QueryAsync<(string No, Guid Id, Guid Unit)>(new CommandDefinition(
            "SELECT employee_no, id, org_unit_id FROM org.employee WHERE employee_no = ANY(@nos)", new { nos = Clean(employeeNos, false) }, cancellationToken: ct));
        var units = await connection.QueryAsync<(string Code, Guid Id)>(new CommandDefinition(
            "SELECT lower(code), id FROM org.org_unit WHERE lower(code) = ANY(@codes)", new { codes = Clean(unitCodes, true) }, cancellationToken: ct));
        var operations = await connection.QueryAsync<(string Code, Guid Id)>(new CommandDefinition(
            "SELECT lower(code), id FROM competence.operation WHERE lower(code) = ANY(@codes)", new { codes = Clean(operationCodes, true) }, cancellationToken: ct));
        var batches = await connection.QueryAsync<(string Code, Guid Id)>(new CommandDefinition(
            "SELECT code, id FROM quality.batch WHERE code = ANY(@codes)", new { codes = Clean(batchCodes, false) }, cancellationToken: ct));
        return new References
        {
            Employees = employees.ToDictionary(e => e.No, e => (e.Id, e.Unit), StringComparer.Ordinal),
            Units = units.ToDictionary(u => u.Code, u => u.Id, StringComparer.Ordinal),
            Operations = operations.ToDictionary(o => o.Code, o => o.Id, StringComparer.Ordinal),
            Batches = batches.ToDictionary(b => b.Code, b => b.Id, StringComparer.Ordinal),
        };
    }

    public Guid? Unit(string? code) => code is null ? null : Units.TryGetValue(code.Trim().ToLowerInvariant(), out var id) ? id : null;

    public Guid? Operation(string? code) => code is null ? null : Operations.TryGetValue(code.Trim().ToLowerInvariant(), out var id) ? id : null;

    public (Guid Id, Guid OrgUnitId)? Employee(string? no) => no is null ? null : Employees.TryGetValue(no.Trim(), out var e) ? e : null;
}
