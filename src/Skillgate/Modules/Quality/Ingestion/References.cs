using Dapper;
using Npgsql;
using Skillgate.Platform.Time;

namespace Skillgate.Modules.Quality.Ingestion;

/// <summary>The employees (by number), org units and lines (by code) and operations (by code) a set of records names, looked up once.</summary>
internal sealed class References
{
    public required IReadOnlyDictionary<string, (Guid Id, Guid OrgUnitId)> Employees { get; init; }

    public required IReadOnlyDictionary<string, Guid> Units { get; init; }

    public required IReadOnlyDictionary<string, Guid> Operations { get; init; }

    /// <summary>Batches by code, with the line they ran on.</summary>
    public required IReadOnlyDictionary<string, (Guid Id, Guid? LineId)> Batches { get; init; }

    /// <summary>Each unit's time zone: a line's local times and days are in its zone.</summary>
    public required UnitZones Zones { get; init; }

    public static async Task<References> LoadAsync(
        NpgsqlConnection connection, UnitZones zones, IEnumerable<string?> employeeNos, IEnumerable<string?> unitCodes, IEnumerable<string?> operationCodes, IEnumerable<string?> batchCodes, CancellationToken ct)
    {
        static string[] Clean(IEnumerable<string?> values, bool lower) =>
            values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => lower ? v!.Trim().ToLowerInvariant() : v!.Trim()).Distinct(StringComparer.Ordinal).ToArray();

        // A kind of record names only some of these; a list that is empty is not looked up.
        async Task<IEnumerable<T>> LookUpAsync<T>(string sql, string[] keys) =>
            keys.Length == 0 ? [] : await connection.QueryAsync<T>(new CommandDefinition(sql, new { keys }, cancellationToken: ct));

        var employees = await LookUpAsync<(string No, Guid Id, Guid Unit)>(
            "SELECT employee_no, id, org_unit_id FROM org.employee_v WHERE employee_no = ANY(@keys)", Clean(employeeNos, false));
        var units = await LookUpAsync<(string Code, Guid Id)>("SELECT lower(code), id FROM org.org_unit_v WHERE lower(code) = ANY(@keys)", Clean(unitCodes, true));
        var operations = await LookUpAsync<(string Code, Guid Id)>(
            "SELECT lower(code), id FROM competence.operation_v WHERE lower(code) = ANY(@keys)", Clean(operationCodes, true));
        var batches = await LookUpAsync<(string Code, Guid Id, Guid? Line)>("SELECT code, id, line_id FROM quality.batch WHERE code = ANY(@keys)", Clean(batchCodes, false));
        return new References
        {
            Employees = employees.ToDictionary(e => e.No, e => (e.Id, e.Unit), StringComparer.Ordinal),
            Units = units.ToDictionary(u => u.Code, u => u.Id, StringComparer.Ordinal),
            Operations = operations.ToDictionary(o => o.Code, o => o.Id, StringComparer.Ordinal),
            Batches = batches.ToDictionary(b => b.Code, b => (b.Id, b.Line), StringComparer.Ordinal),
            Zones = zones,
        };
    }

    public Guid? Unit(string? code) => code is null ? null : Units.TryGetValue(code.Trim().ToLowerInvariant(), out var id) ? id : null;

    public Guid? Operation(string? code) => code is null ? null : Operations.TryGetValue(code.Trim().ToLowerInvariant(), out var id) ? id : null;

    public (Guid Id, Guid? LineId)? Batch(string? code) => code is null ? null : Batches.TryGetValue(code.Trim(), out var b) ? b : null;

    public (Guid Id, Guid OrgUnitId)? Employee(string? no) => no is null ? null : Employees.TryGetValue(no.Trim(), out var e) ? e : null;
}
