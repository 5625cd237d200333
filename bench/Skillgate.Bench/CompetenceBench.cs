using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using static BenchClient;

/// <summary>
/// Qualification figures on generated data: N employees in 20 workshops (of N / 20), 15 requirements per post, a year of
/// completions, statuses refreshed. After a warm-up until the JIT has settled, each run measures the matrix of one workshop,
/// the gate check for 1,900 sampled people beside the same lookup as hand-written prepared SQL (call by call, so both meet the
/// same machine), and the simplest signed-in read; three runs by default, summarised as medians and spreads.
/// Arguments: [employees] [--runs N] [--max-ratio "gate ÷ SQL, p99=X" --trx file] (CI's guard).
/// </summary>
internal static class CompetenceBench
{
    private const int Sample = 2_000;
    private const int Skipped = 100;
    private const int MatrixRequests = 5;
    private const int Reads = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var (runs, guards, trx, rest) = RepeatedRuns.ParseArguments(args);
        var repeated = new RepeatedRuns(runs, guards, trx);
        var employees = rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 100_000;
        await using var host = await BenchHost.StartAsync("competence");
        var data = host.Data;
        if (await ScalarAsync<long>(data, "SELECT count(*) FROM org.employee WHERE employee_no LIKE 'B%'") != employees)
        {
            var watch = Stopwatch.StartNew();
            await GenerateAsync(data, employees);
            Console.WriteLine($"Generated {employees:N0} employees, 15 requirements per post, a year of completions in {watch.Elapsed.TotalSeconds:F1} s");
            watch.Restart();
            await using (var cmd = data.CreateCommand("SELECT competence.refresh(NULL, NULL, current_date, 30, now())"))
            {
                cmd.CommandTimeout = 3600;
                Console.WriteLine($"Full refresh: {await cmd.ExecuteScalarAsync():N0} statuses in {watch.Elapsed.TotalSeconds:F1} s (incremental paths touch only the changed pairs)");
            }

            await ExecuteAsync(data, "ANALYZE");
            await PeopleRefreshAsync(data);
        }

        // The daily pass has run today (at start), so the gate reads the stored statuses, as it does on a running server.
        Console.WriteLine($"Stored statuses current for the gate: {await ScalarAsync<bool>(data, "SELECT day = current_date FROM competence.statuses_day")}");
        var admin = await SignInAsync(host.BaseUri, "admin");
        var workshop = await ScalarAsync<Guid>(data, "SELECT id FROM org.org_unit WHERE code = 'BW-1'");
        var sample = (await ListAsync(data, $"SELECT e.employee_no || '|' || e.position_id FROM org.employee e WHERE e.employee_no LIKE 'B%' ORDER BY md5(e.id::text) LIMIT {Sample}"))
            .Select(s => s.Split('|')).Select(r => (No: r[0], Position: Guid.Parse(r[1]))).ToList();
        await using var sql = await HandWrittenLookup.OpenAsync(host.ConnectionString);

        var matrix = await SendRawAsync(host.Http, admin, HttpMethod.Get, $"/api/v1/matrix?orgUnitId={workshop}", null);
        var body = await matrix.Content.ReadFromJsonAsync<JsonElement>();
        Console.WriteLine($"Matrix of workshop BW-1: {body.GetProperty("rows").GetArrayLength():N0} employees × {body.GetProperty("columns").GetArrayLength()} requirements");

        // Warm-up: rounds of the measured mix until a round compiles (almost) no more methods, at most six.
        using var jit = JitLog.StartIfAsked();
        for (var round = 1; round <= 6; round++)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await MeasureAsync(host, admin, workshop, sample, sql, 1, Reads, null);
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - compiled;
            Console.WriteLine($"Warm-up round {round}: {compiled} methods compiled");
            jit?.Print();
            if (compiled < 50)
            {
                break;
            }
        }

        for (var run = 0; run < runs; run++)
        {
            var figures = repeated.Next();
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await MeasureAsync(host, admin, workshop, sample, sql, MatrixRequests, Reads, figures);
            Console.WriteLine($"  JIT: {System.Runtime.JitInfo.GetCompiledMethodCount() - compiled} methods compiled during the run");
        }

        repeated.Ratio("gate ÷ SQL, p99", "gate p99", "SQL p99", "≤ 1.5×");
        repeated.Ratio("gate ÷ SQL, p50", "gate p50", "SQL p50", "");
        repeated.Ratio("gate ÷ stored read, p99", "gate p99", "stored read p99", "");
        repeated.Ratio("gate ÷ simplest read, p50", "gate p50", "read p50", "");
        return repeated.Summarise(
            ("matrix median", "ms", ""), ("matrix max", "ms", "< 1000"), ("matrix client median", "ms", ""), ("matrix client max", "ms", "< 1000"), ("gate p50", "ms", ""), ("gate p99", "ms", "< 5"),
            ("SQL p50", "ms", ""), ("SQL p99", "ms", ""), ("gate statement p50", "ms", ""), ("gate statement p99", "ms", ""),
            ("stored read p50", "ms", ""), ("stored read p99", "ms", ""), ("read p50", "ms", ""), ("read p99", "ms", "")) ? 0 : 1;
    }

    /// <summary>
    /// One run: the matrix (server time), then for each sampled person the gate (server time) and the hand-written lookup
    /// (client round trip) one after the other, then the simplest signed-in read (one position); the first calls of each are
    /// not counted.
    /// </summary>
    private static async Task MeasureAsync(
        BenchHost host, string admin, Guid workshop, List<(string No, Guid Position)> sample, HandWrittenLookup sql, int matrixRequests, int reads, Dictionary<string, double>? figures)
    {
        // The matrix's server time ends when its first bytes leave (Server-Timing is sent with the headers), so the run also
        // times it as the client sees it, to the last byte of the 5,000 rows.
        var matrix = new List<double>();
        var matrixClient = new List<double>();
        for (var i = 0; i < matrixRequests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await SendRawAsync(host.Http, admin, HttpMethod.Get, $"/api/v1/matrix?orgUnitId={workshop}", null);
            response.EnsureSuccessStatusCode();
            matrixClient.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            matrix.Add(ServerMs(response) ?? throw new InvalidOperationException("no Server-Timing header"));
        }

        // One phase's garbage (a matrix allocates megabytes) is collected before the next is timed.
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var gate = new List<double>();
        var plain = new List<double>();
        var statement = new List<double>();
        var stored = new List<double>();
        foreach (var ((no, position), i) in sample.Select((s, i) => (s, i)))
        {
            using var response = await SendRawAsync(host.Http, admin, HttpMethod.Get, $"/api/v1/qualification-check?employee={no}&position={position}", null);
            response.EnsureSuccessStatusCode();
            var server = ServerMs(response) ?? throw new InvalidOperationException("no Server-Timing header");
            var round = await sql.TimeJudgedAsync(no, position);
            var own = await sql.TimeGateStatementAsync(no, position);
            var least = await sql.TimeStoredAsync(no, position);
            if (i >= Skipped)
            {
                gate.Add(server);
                plain.Add(round);
                statement.Add(own);
                stored.Add(least);
            }
        }

        var floor = new List<double>();
        foreach (var ((_, position), i) in sample.Take(reads + Skipped).Select((s, i) => (s, i)))
        {
            using var response = await SendRawAsync(host.Http, admin, HttpMethod.Get, $"/api/v1/positions/{position}", null);
            response.EnsureSuccessStatusCode();
            if (i >= Skipped)
            {
                floor.Add(ServerMs(response) ?? throw new InvalidOperationException("no Server-Timing header"));
            }
        }

        if (figures is null)
        {
            return;
        }

        matrix.Sort();
        matrixClient.Sort();
        gate.Sort();
        plain.Sort();
        statement.Sort();
        stored.Sort();
        floor.Sort();
        figures["matrix median"] = matrix[matrix.Count / 2];
        figures["matrix max"] = matrix[^1];
        figures["matrix client median"] = matrixClient[matrixClient.Count / 2];
        figures["matrix client max"] = matrixClient[^1];
        figures["gate p50"] = P(gate, 0.5);
        figures["gate p99"] = P(gate, 0.99);
        figures["SQL p50"] = P(plain, 0.5);
        figures["SQL p99"] = P(plain, 0.99);
        figures["gate statement p50"] = P(statement, 0.5);
        figures["gate statement p99"] = P(statement, 0.99);
        figures["stored read p50"] = P(stored, 0.5);
        figures["stored read p99"] = P(stored, 0.99);
        figures["read p50"] = P(floor, 0.5);
        figures["read p99"] = P(floor, 0.99);
        Console.WriteLine($"  matrix of {matrix.Count} requests: median {figures["matrix median"]:F0} ms, max {figures["matrix max"]:F0} ms (server time); " +
                          $"to the last byte median {figures["matrix client median"]:F0} ms, max {figures["matrix client max"]:F0} ms");
        Console.WriteLine($"  gate over {gate.Count:N0} calls: p50 {figures["gate p50"]:F2} ms, p99 {figures["gate p99"]:F2} ms (server time)");
        Console.WriteLine($"  hand-written SQL, same lookup (judged): p50 {figures["SQL p50"]:F2} ms, p99 {figures["SQL p99"]:F2} ms (client round trip)");
        Console.WriteLine($"  the gate's statement alone: p50 {figures["gate statement p50"]:F2} ms, p99 {figures["gate statement p99"]:F2} ms (client round trip)");
        Console.WriteLine($"  the stored statuses alone, by hand: p50 {figures["stored read p50"]:F2} ms, p99 {figures["stored read p99"]:F2} ms (client round trip)");
        Console.WriteLine($"  simplest signed-in read over {floor.Count:N0}: p50 {figures["read p50"]:F2} ms, p99 {figures["read p99"]:F2} ms (server time)");
    }

    /// <summary>
    /// What a recorded training, a transfer or an exam pays at plant scale: one person's refresh (all their requirements, and
    /// one requirement), 200 people each on one connection (plans made once per connection, migration 0043), and 10 to 1,000
    /// people in one call (up to 10 take the same path; more are planned for their arrays).
    /// </summary>
    private static async Task PeopleRefreshAsync(NpgsqlDataSource data)
    {
        var people = new List<(Guid Employee, Guid Requirement)>();
        await using (var pick = data.CreateCommand(
            """
            SELECT q.employee_id, min(q.requirement_id::text)::uuid FROM competence.qualification q
            WHERE q.employee_id IN (SELECT id FROM org.employee ORDER BY md5(id::text) LIMIT 1200) GROUP BY q.employee_id
            """))
        await using (var reader = await pick.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                people.Add((reader.GetGuid(0), reader.GetGuid(1)));
            }
        }

        await using var connection = await data.OpenConnectionAsync();
        foreach (var (label, oneRequirement) in new[] { ("all their requirements", false), ("one requirement", true) })
        {
            var times = new List<double>();
            foreach (var (employee, requirement) in people.Take(220))
            {
                await using var cmd = new NpgsqlCommand("SELECT competence.refresh(ARRAY[$1], $2, current_date, 30, now())", connection);
                cmd.Parameters.AddWithValue(employee);
                cmd.Parameters.AddWithValue(oneRequirement ? new[] { requirement } : (object)DBNull.Value);
                cmd.Parameters[1].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid;
                var started = Stopwatch.GetTimestamp();
                await cmd.ExecuteScalarAsync();
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var measured = times.Skip(20).Order().ToList();
            Console.WriteLine($"One person's refresh ({label}), 200 people on one connection: p50 {measured[measured.Count / 2]:F2} ms, p99 {measured[(int)(measured.Count * 0.99)]:F2} ms");
        }

        foreach (var size in new[] { 10, 11, 100, 1000 })
        {
            await using var batch = new NpgsqlCommand("SELECT competence.refresh($1, NULL, current_date, 30, now())", connection);
            batch.Parameters.AddWithValue(people.Skip(200).Take(size).Select(p => p.Employee).ToArray());
            var started = Stopwatch.GetTimestamp();
            await batch.ExecuteScalarAsync();
            Console.WriteLine($"Refresh of {size:N0} named people in one call: {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        }
    }

    internal static async Task GenerateAsync(NpgsqlDataSource data, int employees)
    {
        var admin = await ScalarAsync<Guid>(data, "SELECT id FROM auth.app_user WHERE user_name = 'admin'");
        var sql = $$"""
            INSERT INTO org.org_unit (id, code, name, unit_type, parent_id, path)
            SELECT '00000000-0000-0000-0000-000000000001'::uuid, 'BG', '基准集团', 'group', NULL, '/00000000000000000000000000000001/';
            INSERT INTO org.org_unit (id, code, name, unit_type, parent_id, path)
            SELECT ('00000000-0000-0000-0001-' || lpad(w::text, 12, '0'))::uuid, 'BW-' || w, '车间' || w, 'workshop', '00000000-0000-0000-0000-000000000001'::uuid,
                   '/00000000000000000000000000000001/' || replace(('00000000-0000-0000-0001-' || lpad(w::text, 12, '0')), '-', '') || '/'
            FROM generate_series(1, 20) w;
            INSERT INTO org.position (id, code, name, org_unit_id)
            SELECT ('00000000-0000-0000-0002-' || lpad(w::text, 12, '0'))::uuid, 'BP-' || w, '操作工' || w, ('00000000-0000-0000-0001-' || lpad(w::text, 12, '0'))::uuid
            FROM generate_series(1, 20) w;
            INSERT INTO standards.document (id, code, title, kind, created_at)
            SELECT ('00000000-0000-0000-0003-' || lpad(d::text, 12, '0'))::uuid, 'SOP-B' || d, '规程' || d, 'sop', now() FROM generate_series(1, 15) d;
            INSERT INTO standards.document_version (id, document_id, major, minor, status, change_type, retrain_due_days, effective_on, author_id, approved_by, approved_at, created_at)
            SELECT ('00000000-0000-0000-0004-' || lpad((d * 10 + m)::text, 12, '0'))::uuid, ('00000000-0000-0000-0003-' || lpad(d::text, 12, '0'))::uuid, m, 0,
                   CASE WHEN m = 2 THEN 'effective' ELSE 'superseded' END, 'major', 30, current_date - 180 * (2 - m) - 30, '{{admin}}', '{{admin}}', now(), now()
            FROM generate_series(1, 15) d, generate_series(1, 2) m;
            INSERT INTO competence.requirement (id, position_id, kind, document_id, validity_months, created_at)
            SELECT gen_random_uuid(), ('00000000-0000-0000-0002-' || lpad(w::text, 12, '0'))::uuid, 'training', ('00000000-0000-0000-0003-' || lpad(d::text, 12, '0'))::uuid,
                   CASE WHEN d % 3 = 0 THEN 12 END, now()
            FROM generate_series(1, 20) w, generate_series(1, 15) d;
            INSERT INTO org.employee (id, employee_no, name, org_unit_id, position_id, hire_date, status)
            SELECT gen_random_uuid(), 'B' || lpad(i::text, 7, '0'), '员工' || i, ('00000000-0000-0000-0001-' || lpad((1 + i % 20)::text, 12, '0'))::uuid,
                   ('00000000-0000-0000-0002-' || lpad((1 + i % 20)::text, 12, '0'))::uuid, current_date - 800, 'active'
            FROM generate_series(1, {{employees}}) i;
            -- A year of completions: most people trained on the current version, some only on the old one, some not at all.
            INSERT INTO competence.completion (id, employee_id, document_version_id, completed_on, recorded_at, recorded_by)
            SELECT gen_random_uuid(), e.id, ('00000000-0000-0000-0004-' || lpad((d * 10 + CASE WHEN random() < 0.85 THEN 2 ELSE 1 END)::text, 12, '0'))::uuid,
                   current_date - (random() * 365)::int, now(), 'bench'
            FROM org.employee e, generate_series(1, 15) d
            WHERE e.employee_no LIKE 'B%' AND random() < 0.93;
            """;
        await using var cmd = data.CreateCommand(sql);
        cmd.CommandTimeout = 3600;
        await cmd.ExecuteNonQueryAsync();
    }
}
