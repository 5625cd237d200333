using System.Buffers.Binary;
using Npgsql;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>
/// An operator's work on one operation and line, in one org unit (null for counts and defects, which carry none) and one year,
/// cut to the evaluation's window (quality.work_year_v's packed arrays, unpacked): per element its period, the records, and the outcome's units and numerator (empty when the
/// outcome does not come from the work).
/// </summary>
internal sealed class WorkRow(Guid employeeId, Guid? operationId, Guid? lineId, Guid? orgUnitId, int[] periods, int[] records, int[] produced, int[] numerator)
{
    public Guid EmployeeId { get; } = employeeId;

    public Guid? OperationId { get; } = operationId;

    public Guid? LineId { get; } = lineId;

    public Guid? OrgUnitId { get; } = orgUnitId;

    public int[] Periods { get; } = periods;

    public int[] Records { get; } = records;

    public int[] Produced { get; } = produced;

    public int[] Numerator { get; } = numerator;

    public long RecordCount { get; } = records.Sum(r => (long)r);
}

/// <summary>Reads quality.work_year_v for a window, in the caller's data scope, one row per operator, operation, line, unit and year.</summary>
internal static class WorkRows
{
    /// <param name="numerator">The outcome's column (defects or reworked), or null when the outcome does not come from the work.</param>
    public static async Task<List<WorkRow>> ReadAsync(NpgsqlTransaction tx, WorkWindow window, string? numerator, int commandSeconds, CancellationToken ct)
    {
        var outcome = numerator is null ? "'\\x'::bytea, '\\x'::bytea" : $"{Cut("produced")}, {Cut(numerator)}";
        await using var command = new NpgsqlCommand(
            $"""
            SELECT w.employee_id, w.operation_id, w.line_id, w.org_unit_id, w.year, {Cut("records")}, {outcome}
            FROM quality.work_year_v w
            WHERE w.year BETWEEN @first AND @last
            """, tx.Connection, tx) { CommandTimeout = commandSeconds };
        command.Parameters.AddWithValue("first", window.Years[0]);
        command.Parameters.AddWithValue("last", window.Years[^1]);
        command.Parameters.AddWithValue("lo", window.Low);
        command.Parameters.AddWithValue("hi", window.High);
        var rows = new List<WorkRow>();
        var buffer = new byte[1024];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new WorkRow(
                reader.GetGuid(0), Nullable(reader, 1), Nullable(reader, 2), Nullable(reader, 3), window.PeriodsOf(reader.GetInt32(4)),
                Unpack(reader, 5, ref buffer), Unpack(reader, 6, ref buffer), Unpack(reader, 7, ref buffer)));
        }

        return rows;
    }

    /// <summary>The window's part of a packed column: 4 bytes per bucket, from element <c>lo</c> to <c>hi</c> of the row's year.</summary>
    private static string Cut(string column) =>
        $"substring(w.{column} FROM 4 * (@lo)[w.year - @first + 1] - 3 FOR 4 * ((@hi)[w.year - @first + 1] - (@lo)[w.year - @first + 1] + 1))";

    private static int[] Unpack(NpgsqlDataReader reader, int column, ref byte[] buffer)
    {
        var length = (int)reader.GetBytes(column, 0, null, 0, 0);
        if (length == 0)
        {
            return [];
        }

        if (buffer.Length < length)
        {
            buffer = new byte[length];
        }

        reader.GetBytes(column, 0, buffer, 0, length);
        var values = new int[length / 4];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(4 * k));
        }

        return values;
    }

    private static Guid? Nullable(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetGuid(column);
}
