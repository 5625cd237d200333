using System.Diagnostics;
using Npgsql;

/// <summary>
/// The gate's comparators, each one statement prepared once on its own connection and timed as the client's round trip:
/// the same lookup as hand-written SQL (each active requirement of the person's post judged by <c>competence.evaluate</c>,
/// the comparator the README's ratio has always used); the stored status of each requirement, the least any gate can read;
/// and the gate's own statement, to tell its cost from the request's.
/// </summary>
internal sealed class HandWrittenLookup : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlCommand judged;
    private readonly NpgsqlCommand stored;
    private readonly NpgsqlCommand gate;

    private HandWrittenLookup(NpgsqlConnection connection, NpgsqlCommand judged, NpgsqlCommand stored, NpgsqlCommand gate)
    {
        this.connection = connection;
        this.judged = judged;
        this.stored = stored;
        this.gate = gate;
    }

    public static async Task<HandWrittenLookup> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var judged = await PrepareAsync(connection,
            """
            WITH r AS (SELECT array_agg(id) AS ids FROM competence.requirement WHERE active AND position_id = $2)
            SELECT ev.requirement_id, ev.status FROM org.employee e CROSS JOIN r
            CROSS JOIN LATERAL competence.evaluate(array_fill(e.id, ARRAY[cardinality(r.ids)]), r.ids, current_date, 30) ev
            WHERE e.employee_no = $1
            """);
        var stored = await PrepareAsync(connection,
            """
            SELECT q.requirement_id, q.status, q.due_on
            FROM org.employee e
            JOIN competence.requirement r ON r.position_id = $2 AND r.active
            JOIN competence.qualification q ON q.employee_id = e.id AND q.requirement_id = r.id
            WHERE e.employee_no = $1
            """);
        var gate = await PrepareAsync(connection, "SELECT * FROM competence.gate(NULL, $1, $2, NULL, NULL, now(), current_date, 30)");
        return new HandWrittenLookup(connection, judged, stored, gate);
    }

    /// <returns>Milliseconds from sending the hand-written lookup to reading its last row.</returns>
    public Task<double> TimeJudgedAsync(string employeeNo, Guid position) => TimeAsync(judged, employeeNo, position);

    public Task<double> TimeStoredAsync(string employeeNo, Guid position) => TimeAsync(stored, employeeNo, position);

    public Task<double> TimeGateStatementAsync(string employeeNo, Guid position) => TimeAsync(gate, employeeNo, position);

    public async ValueTask DisposeAsync()
    {
        await judged.DisposeAsync();
        await stored.DisposeAsync();
        await gate.DisposeAsync();
        await connection.DisposeAsync();
    }

    private static async Task<NpgsqlCommand> PrepareAsync(NpgsqlConnection connection, string sql)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        await command.PrepareAsync();
        return command;
    }

    private static async Task<double> TimeAsync(NpgsqlCommand statement, string employeeNo, Guid position)
    {
        ((NpgsqlParameter<string>)statement.Parameters[0]).TypedValue = employeeNo;
        ((NpgsqlParameter<Guid>)statement.Parameters[1]).TypedValue = position;
        var started = Stopwatch.GetTimestamp();
        await using (var reader = await statement.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
            }
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
