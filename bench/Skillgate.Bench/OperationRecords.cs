using Npgsql;
using static BenchClient;

/// <summary>Bulk operation records: the migration's indexes and foreign keys dropped for the load and rebuilt after it.</summary>
internal static class OperationRecords
{
    private const int RecordsPerBatch = 100;
    private const long Chunk = 1_000_000;

    public static Task DropIndexesAsync(NpgsqlDataSource data) => ExecuteAsync(data, """
        DROP INDEX quality.operation_record_batch_ix, quality.operation_record_employee_ix, quality.operation_record_line_ix, quality.operation_record_external_ux,
            quality.operation_record_operation_ix, quality.operation_record_started_ix;
        ALTER TABLE quality.operation_record DROP CONSTRAINT operation_record_batch_id_fkey, DROP CONSTRAINT operation_record_operation_id_fkey,
            DROP CONSTRAINT operation_record_employee_id_fkey;
        """);

    public static Task RestoreIndexesAsync(NpgsqlDataSource data) => ExecuteAsync(data, """
        SET maintenance_work_mem = '512MB';
        CREATE UNIQUE INDEX operation_record_external_ux ON quality.operation_record (external_id);
        CREATE INDEX operation_record_batch_ix ON quality.operation_record (batch_id, started_at);
        CREATE INDEX operation_record_employee_ix ON quality.operation_record (employee_id, started_at);
        CREATE INDEX operation_record_line_ix ON quality.operation_record (line_id, started_at) INCLUDE (operation_id, employee_id);
        CREATE INDEX operation_record_operation_ix ON quality.operation_record (operation_id, started_at) INCLUDE (employee_id);
        CREATE INDEX operation_record_started_ix ON quality.operation_record (started_at DESC);
        ALTER TABLE quality.operation_record ADD CONSTRAINT operation_record_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES quality.batch (id),
            ADD CONSTRAINT operation_record_operation_id_fkey FOREIGN KEY (operation_id) REFERENCES competence.operation (id),
            ADD CONSTRAINT operation_record_employee_id_fkey FOREIGN KEY (employee_id) REFERENCES org.employee (id);
        """);

    /// <summary>
    /// One operation per line (the units whose code is like <paramref name="lineCodes"/>), batches of 100 records over the last
    /// year, round robin over the lines; each record worked by one of the line's people (employee numbers starting with
    /// <paramref name="employeePrefix"/>, the same number on every line).
    /// </summary>
    public static async Task LoadAsync(NpgsqlDataSource data, long records, string lineCodes, string employeePrefix, string prefix)
    {
        var batches = records / RecordsPerBatch;
        var lines = await ScalarAsync<long>(data, $"SELECT count(*) FROM org.org_unit WHERE code LIKE '{lineCodes}'");
        var crew = await ScalarAsync<long>(data, $"SELECT count(*) FROM org.employee e JOIN org.org_unit u ON u.id = e.org_unit_id WHERE u.code LIKE '{lineCodes}' AND e.employee_no LIKE '{employeePrefix}%'") / lines;
        await ExecuteAsync(data, $"""
            SET synchronous_commit = off;
            INSERT INTO competence.operation (id, code, name, org_unit_id)
            SELECT gen_random_uuid(), '{prefix}-OP-' || u.code, '工序 ' || u.name, u.id FROM org.org_unit u WHERE u.code LIKE '{lineCodes}';
            INSERT INTO quality.batch (id, code, product, line_id, created_at)
            SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(b), 12, '0'))::uuid, '{prefix}' || lpad(b::text, 8, '0'), '支架总成', k.lines[(b % {lines}) + 1], now()
            FROM generate_series(0, {batches - 1}) b, (SELECT array_agg(id ORDER BY code) AS lines FROM org.org_unit WHERE code LIKE '{lineCodes}') k;
            """);
        await DropIndexesAsync(data);
        for (var from = 0L; from < records; from += Chunk)
        {
            // Array lookups instead of joins, so the plan cannot turn into a nested loop as the tables grow.
            await ExecuteAsync(data, $"""
                SET synchronous_commit = off;
                WITH k AS MATERIALIZED (
                    SELECT (SELECT array_agg(id ORDER BY code) FROM org.org_unit WHERE code LIKE '{lineCodes}') AS lines,
                           (SELECT array_agg(o.id ORDER BY u.code) FROM competence.operation o JOIN org.org_unit u ON u.id = o.org_unit_id WHERE o.code LIKE '{prefix}-OP-%') AS ops,
                           (SELECT array_agg(e.id ORDER BY u.code, e.employee_no) FROM org.employee e JOIN org.org_unit u ON u.id = e.org_unit_id
                            WHERE u.code LIKE '{lineCodes}' AND e.employee_no LIKE '{employeePrefix}%') AS crew)
                INSERT INTO quality.operation_record (id, external_id, batch_id, operation_id, work_centre, employee_id, org_unit_id, line_id, started_at, ended_at, recorded_at)
                SELECT ('00000000-0000-7000-9000-' || lpad(to_hex(n), 12, '0'))::uuid, '{prefix}' || n, ('00000000-0000-7000-8000-' || lpad(to_hex(n / {RecordsPerBatch}), 12, '0'))::uuid,
                       k.ops[l + 1], 'WC-' || (n % 7), k.crew[(l * {crew}) + ((n * 7) % {crew}) + 1], k.lines[l + 1], k.lines[l + 1],
                       now() - interval '365 days' + ((n / {RecordsPerBatch}) * (interval '365 days' / {batches})),
                       now() - interval '365 days' + ((n / {RecordsPerBatch}) * (interval '365 days' / {batches})) + interval '6 hours', now()
                FROM k, generate_series({from}, {Math.Min(records, from + Chunk) - 1}) n, LATERAL (SELECT ((n / {RecordsPerBatch}) % {lines})::int AS l) x;
                """);
        }

        await RestoreIndexesAsync(data);
    }
}
