using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Skillgate.Platform;
using Skillgate.Platform.Data;
using static BenchClient;

/// <summary>
/// Qualification figures on generated data: N employees in 20 workshops of 5,000, 15 requirements per post,
/// a year of completions; prints the matrix of one workshop, the gate check p99, and the plain-SQL baseline.
/// </summary>
internal static class CompetenceBench
{
    public static async Task RunAsync(int employees)
    {
        var dir = Path.Combine(Path.GetTempPath(), "skillgate-bench-c-" + Environment.ProcessId);
        await using var pg = await EmbeddedPostgres.StartAsync(Path.Combine(dir, "pg"));
        await DatabaseBootstrap.CreateDatabaseIfMissingAsync(pg.ConnectionString("postgres"), "bench", null, CancellationToken.None);
        var cs = pg.ConnectionString("bench");
        var port = BenchClient.FreePort();
        var app = SkillgateApp.Build(["--urls", $"http://127.0.0.1:{port}", "--ConnectionStrings:Default=" + pg.AppConnectionString("bench"), "--ConnectionStrings:Owner=" + pg.OwnerConnectionString("bench"),
            "--Skillgate:DataPath=" + dir, "--Skillgate:AdminPassword=Bench#2026x", "--Logging:LogLevel:Default=Warning",
            "--contentRoot=" + Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Skillgate"))]);
        await app.StartAsync();
        // The hand-written baseline gets the same statement preparation as the app.
        await using var data = NpgsqlDataSource.Create(cs + ";Max Auto Prepare=100;Auto Prepare Min Usages=2");

        var watch = Stopwatch.StartNew();
        await GenerateAsync(data, employees);
        Console.WriteLine($"Generated {employees:N0} employees, 15 requirements per post, a year of completions in {watch.Elapsed.TotalSeconds:F1} s");
        watch.Restart();
        await using (var cmd = data.CreateCommand("SELECT competence.refresh(NULL, NULL, current_date, 30, now())"))
        {
            cmd.CommandTimeout = 3600;
            Console.WriteLine($"Full refresh: {await cmd.ExecuteScalarAsync():N0} statuses in {watch.Elapsed.TotalSeconds:F1} s (incremental paths touch only the changed pairs)");
        }

        await using (var analyze = data.CreateCommand("ANALYZE"))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        await PeopleRefreshAsync(data);

        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
        var login = await http.GetStringAsync("/Account/Login");
        var token = Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        (await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "admin", ["Password"] = "Bench#2026x", ["__RequestVerificationToken"] = token }))).EnsureSuccessStatusCode();

        var workshop = await ScalarAsync<Guid>(data, "SELECT id FROM org.org_unit WHERE code = 'BW-1'");
        var matrixTimes = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var response = await http.GetAsync($"/api/v1/matrix?orgUnitId={workshop}");
            response.EnsureSuccessStatusCode();
            if (i > 0)
            {
                matrixTimes.Add(ServerMs(response) ?? throw new InvalidOperationException("no Server-Timing header"));
            }

            if (i == 0)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                Console.WriteLine($"Matrix of workshop BW-1: {body.GetProperty("rows").GetArrayLength():N0} employees × {body.GetProperty("columns").GetArrayLength()} requirements");
            }
        }

        matrixTimes.Sort();
        Console.WriteLine($"  matrix server time: median {matrixTimes[matrixTimes.Count / 2]:F0} ms, max {matrixTimes[^1]:F0} ms (target < 1000 ms)");

        var sample = (await ListAsync(data, "SELECT e.employee_no || '|' || e.position_id FROM org.employee e ORDER BY random() LIMIT 2000")).Select(s => s.Split('|')).ToList();
        var app99 = new List<double>();
        foreach (var (row, i) in sample.Select((r, i) => (r, i)))
        {
            var response = await http.GetAsync($"/api/v1/qualification-check?employee={row[0]}&position={row[1]}");
            response.EnsureSuccessStatusCode();
            if (i >= 100)
            {
                app99.Add(ServerMs(response) ?? throw new InvalidOperationException("no Server-Timing header"));
            }
        }

        var plain = new List<double>();
        await using (var connection = await data.OpenConnectionAsync())
        {
            foreach (var (row, i) in sample.Select((r, i) => (r, i)))
            {
                var started = Stopwatch.GetTimestamp();
                await using var cmd = new NpgsqlCommand(
                    """
                    WITH r AS (SELECT array_agg(id) AS ids FROM competence.requirement WHERE active AND position_id = @position)
                    SELECT ev.requirement_id, ev.status FROM org.employee e CROSS JOIN r
                    CROSS JOIN LATERAL competence.evaluate(array_fill(e.id, ARRAY[cardinality(r.ids)]), r.ids, current_date, 30) ev
                    WHERE e.employee_no = @no
                    """, connection);
                cmd.Parameters.AddWithValue("no", row[0]);
                cmd.Parameters.AddWithValue("position", Guid.Parse(row[1]));
                await using (var reader = await cmd.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                    }
                }

                if (i >= 100)
                {
                    plain.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        var baseline = new List<double>();
        foreach (var (row, i) in sample.Take(600).Select((r, i) => (r, i)))
        {
            var response = await http.GetAsync($"/api/v1/positions/{row[1]}");
            response.EnsureSuccessStatusCode();
            if (i >= 100)
            {
                baseline.Add(ServerMs(response) ?? throw new InvalidOperationException("no Server-Timing header"));
            }
        }

        baseline.Sort();
        app99.Sort();
        plain.Sort();
        double P(List<double> l, double q) => l[Math.Min(l.Count - 1, (int)(l.Count * q))];
        Console.WriteLine($"Gate check (qualification-check API, server time) over {app99.Count:N0} calls: p50 {P(app99, 0.5):F2} ms, p99 {P(app99, 0.99):F2} ms (target p99 < 5 ms)");
        Console.WriteLine($"Hand-written SQL, same lookup, client round trip:        p50 {P(plain, 0.5):F2} ms, p99 {P(plain, 0.99):F2} ms");
        Console.WriteLine($"For scale, the simplest signed-in API read (one position, one query), server time: p50 {P(baseline, 0.5):F2} ms, p99 {P(baseline, 0.99):F2} ms");
        Console.WriteLine($"Ratio app / plain SQL: p50 {P(app99, 0.5) / P(plain, 0.5):F2}×, p99 {P(app99, 0.99) / P(plain, 0.99):F2}× (target ≤ 1.5×)");
        await app.StopAsync();
        await pg.DisposeAsync();
        Directory.Delete(dir, recursive: true);
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
