using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Skillgate.Modules.Learning.Contracts;
using static BenchClient;

/// <summary>
/// Traceability and needs analysis at plant scale: 20 lines, 2,000 operators, a year of 500,000 batches with 10 million operation
/// records (20 per batch), 1 million defect records and 500,000 production counts, the operators' qualification history, then
/// (1) the batch trace of random batches through the API, sequentially, with client and server (Server-Timing) latency, and
/// (2) the needs analysis over the year of defect data, run three times (the first creates the needs, later runs find them taken).
/// The bulk rows are generated inside PostgreSQL (generate_series); everything measured goes through HTTP.
/// </summary>
internal static class QualityBench
{
    private const int Lines = 20;
    private const int OperatorsPerLine = 100;
    private const int RecordsPerBatch = 20;
    private const double TraceTargetMs = 50;

    public static async Task RunAsync(long records)
    {
        var batches = records / RecordsPerBatch;
        await using var host = await BenchHost.StartAsync("q");
        var (data, baseUri, http) = (host.Data, host.BaseUri, host.Http);
        var admin = await SignInAsync(baseUri, "admin");
        var setup = Stopwatch.StartNew();

        var plant = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = "QB", name = "追溯基准工厂", unitType = "plant", parentId = (Guid?)null, functions = new[] { "production" } });
        var workshop = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = "QB-W", name = "焊接车间", unitType = "workshop", parentId = plant, functions = new[] { "production" } });
        foreach (var name in new[] { "benchqa1", "benchqa2" })
        {
            await CreateUserAsync(http, admin, data, name, ["QA"], scopeAll: true, employeeId: null);
        }

        var author = await SignInAsync(baseUri, "benchqa1");
        var approver = await SignInAsync(baseUri, "benchqa2");
        var sop = await PostIdAsync(http, author, "/api/v1/documents", new { code = "SOP-QB", title = "焊接作业指导书", kind = "sop" });
        var version = await PostIdAsync(http, author, $"/api/v1/documents/{sop}/versions", new { changeType = "major", summary = "首版", retrainDueDays = 30 });
        await SendAsync(http, author, HttpMethod.Post, $"/api/v1/documents/versions/{version}/submit", null);
        await SendAsync(http, approver, HttpMethod.Post, $"/api/v1/documents/versions/{version}/release", new { password = Password, meaning = "批准发布", effectiveOn = (string?)null });
        var course = await PostIdAsync(http, author, "/api/v1/courses", new CourseInput("QB-WELD", "焊接培训", "classroom", 4, "基准课程", workshop, 10, 50m));
        for (var l = 1; l <= Lines; l++)
        {
            var line = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = $"QB-L{l:D2}", name = $"焊接线 {l}", unitType = "line", parentId = workshop, functions = new[] { "production" } });
            foreach (var op in new[] { "WELD", "INSP" })
            {
                var operation = await PostIdAsync(http, admin, "/api/v1/operations", new { code = $"QB-{op}-{l:D2}", name = op == "WELD" ? "焊接" : "检验", orgUnitId = line });
                await PostIdAsync(http, admin, "/api/v1/requirements", new { operationId = operation, kind = "training", documentId = sop });
            }
        }

        foreach (var type in new[] { "虚焊", "焊穿", "气孔", "漏焊", "焊偏" })
        {
            await SendAsync(http, admin, HttpMethod.Post, "/api/v1/need-rules/mappings", new { kind = "defect_type", key = type, courseId = course });
        }

        Console.WriteLine($"Set-up through the API (org, SOP, course, {Lines} lines, {Lines * 2} operations with requirements, mappings): {setup.Elapsed.TotalSeconds:F1} s");

        var load = Stopwatch.StartNew();
        await ExecuteAsync(data, $"""
            SET synchronous_commit = off;
            INSERT INTO org.employee (id, employee_no, name, org_unit_id, hire_date, status)
            SELECT gen_random_uuid(), 'Q' || lpad(i::text, 6, '0'), '操作工' || i, u.id, current_date - 800, 'active'
            FROM generate_series(0, {(Lines * OperatorsPerLine) - 1}) i JOIN org.org_unit u ON u.code = 'QB-L' || lpad(((i / {OperatorsPerLine}) + 1)::text, 2, '0');
            -- Each operator's history for the requirements of their line's two operations: not trained a year ago, qualified at a random
            -- moment since (a third only in the last month), so traces find both answers.
            INSERT INTO competence.qualification_history (employee_id, requirement_id, status, basis_version_id, changed_at)
            SELECT e.id, r.id, 'not_trained', NULL, now() - interval '400 days'
            FROM org.employee e JOIN competence.operation o ON o.org_unit_id = e.org_unit_id JOIN competence.requirement r ON r.operation_id = o.id
            WHERE e.employee_no LIKE 'Q%';
            INSERT INTO competence.qualification_history (employee_id, requirement_id, status, basis_version_id, changed_at)
            SELECT e.id, r.id, 'qualified', '{version}', now() - (random() * interval '365 days')
            FROM org.employee e JOIN competence.operation o ON o.org_unit_id = e.org_unit_id JOIN competence.requirement r ON r.operation_id = o.id
            WHERE e.employee_no LIKE 'Q%';
            UPDATE competence.requirement SET created_at = now() - interval '500 days';
            """);
        var operators = await ScalarAsync<long>(data, "SELECT count(*) FROM org.employee WHERE employee_no LIKE 'Q%'");

        // The year's batches: batch b runs on line (b mod 20) at start + b × (1 year / batches); 10 welders and 10 inspectors of that line work it.
        await ExecuteAsync(data, $"""
            SET synchronous_commit = off;
            CREATE TEMP TABLE qb_line AS SELECT row_number() OVER (ORDER BY code) - 1 AS n, id FROM org.org_unit WHERE code LIKE 'QB-L%';
            INSERT INTO quality.batch (id, code, product, line_id, created_at)
            SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(b), 12, '0'))::uuid, 'QB' || lpad(b::text, 7, '0'), '支架总成', l.id, now()
            FROM generate_series(0, {batches - 1}) b JOIN qb_line l ON l.n = b % {Lines};
            """);
        await OperationRecords.DropIndexesAsync(data);
        const long Chunk = 1_000_000;
        for (var from = 0L; from < records; from += Chunk)
        {
            var chunk = Stopwatch.StartNew();
            // Array lookups instead of joins, so the plan cannot turn into a nested loop as the tables grow.
            await ExecuteAsync(data, $"""
                SET synchronous_commit = off;
                WITH k AS MATERIALIZED (
                    SELECT (SELECT array_agg(id ORDER BY code) FROM org.org_unit WHERE code LIKE 'QB-L%') AS lines,
                           (SELECT array_agg(o.id ORDER BY u.code) FROM competence.operation o JOIN org.org_unit u ON u.id = o.org_unit_id WHERE o.code LIKE 'QB-WELD-%') AS weld,
                           (SELECT array_agg(o.id ORDER BY u.code) FROM competence.operation o JOIN org.org_unit u ON u.id = o.org_unit_id WHERE o.code LIKE 'QB-INSP-%') AS insp,
                           (SELECT array_agg(e.id ORDER BY u.code, e.employee_no) FROM org.employee e JOIN org.org_unit u ON u.id = e.org_unit_id WHERE e.employee_no LIKE 'Q%') AS crew)
                INSERT INTO quality.operation_record (id, external_id, batch_id, operation_id, work_centre, employee_id, org_unit_id, line_id, started_at, ended_at, recorded_at)
                SELECT ('00000000-0000-7000-9000-' || lpad(to_hex(n), 12, '0'))::uuid, 'OR' || n, ('00000000-0000-7000-8000-' || lpad(to_hex(n / {RecordsPerBatch}), 12, '0'))::uuid,
                       CASE WHEN n % {RecordsPerBatch} < 10 THEN k.weld[l + 1] ELSE k.insp[l + 1] END, 'WC-' || (n % 7),
                       k.crew[(l * {OperatorsPerLine}) + ((((n / {RecordsPerBatch}) * 3) + (n % {RecordsPerBatch})) % {OperatorsPerLine}) + 1], k.lines[l + 1], k.lines[l + 1],
                       now() - interval '365 days' + ((n / {RecordsPerBatch}) * (interval '365 days' / {batches})),
                       now() - interval '365 days' + ((n / {RecordsPerBatch}) * (interval '365 days' / {batches})) + interval '6 hours', now()
                FROM k, generate_series({from}, {Math.Min(records, from + Chunk) - 1}) n, LATERAL (SELECT ((n / {RecordsPerBatch}) % {Lines})::int AS l) x;
                """);
            Console.WriteLine($"  operation records {Math.Min(records, from + Chunk):N0}: {chunk.Elapsed.TotalSeconds:F1} s");
        }

        var indexes = Stopwatch.StartNew();
        await OperationRecords.RestoreIndexesAsync(data);
        Console.WriteLine($"  indexes and foreign keys (the migration's, rebuilt after the bulk load): {indexes.Elapsed.TotalSeconds:F1} s");

        // A year of defect data: a production count and two defect records per batch (cold solder found at the welding operation, and one
        // other type); line 1's cold-solder rate rises over the last three complete months, so the analysis has something to find.
        await ExecuteAsync(data, $"""
            SET synchronous_commit = off;
            INSERT INTO quality.production_count (id, external_id, batch_id, line_id, operation_id, produced_on, produced, reworked, first_pass_good, recorded_at)
            SELECT gen_random_uuid(), 'PC' || b.code, b.id, b.line_id, NULL, (now() - interval '365 days' + (i * (interval '365 days' / {batches})))::date, 1000, 12, 980, now()
            FROM (SELECT b.*, row_number() OVER (ORDER BY b.code) - 1 AS i FROM quality.batch b WHERE b.code LIKE 'QB%') b;
            INSERT INTO quality.defect (id, external_id, batch_id, line_id, operation_id, defect_type, quantity, cause, found_on, recorded_at)
            SELECT gen_random_uuid(), 'DF' || c.external_id || '-' || k, c.batch_id, c.line_id, CASE WHEN k = 0 THEN o.id END,
                   CASE WHEN k = 0 THEN '虚焊' ELSE (ARRAY['焊穿', '气孔', '漏焊', '焊偏'])[1 + substr(c.external_id, 5)::int % 4] END,
                   CASE WHEN k = 0 AND u.code = 'QB-L01' AND c.produced_on >= (date_trunc('month', now()) - interval '3 months')::date
                        THEN 6 + 2 * ((extract(year FROM c.produced_on) * 12 + extract(month FROM c.produced_on))::int - (extract(year FROM now()) * 12 + extract(month FROM now()))::int + 3)
                        ELSE 4 END,
                   'man', c.produced_on, now()
            FROM quality.production_count c JOIN org.org_unit u ON u.id = c.line_id
            JOIN competence.operation o ON o.org_unit_id = c.line_id AND o.code LIKE 'QB-WELD%' CROSS JOIN generate_series(0, 1) k;
            ANALYZE;
            """);
        var defects = await ScalarAsync<long>(data, "SELECT count(*) FROM quality.defect");
        Console.WriteLine($"Generated in PostgreSQL: {operators:N0} operators, {batches:N0} batches, {records:N0} operation records, {defects:N0} defect records: {load.Elapsed.TotalSeconds:F0} s");

        var qa = await SignInAsync(baseUri, "benchqa1");
        var random = new Random(7);
        var client = new List<double>();
        var server = new List<double>();
        const int Warmup = 50, Samples = 500;
        var notQualified = 0;
        for (var i = 0; i < Warmup + Samples; i++)
        {
            var code = $"QB{random.NextInt64(batches):D7}";
            var watch = Stopwatch.StartNew();
            using var response = await SendRawAsync(http, qa, HttpMethod.Get, $"/api/v1/trace/batches/{code}", null);
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"trace {code} → {(int)response.StatusCode}: {body}");
            }

            var trace = JsonSerializer.Deserialize<JsonElement>(body);
            if (trace.GetProperty("operations").GetArrayLength() != RecordsPerBatch)
            {
                throw new InvalidOperationException($"trace {code} has {trace.GetProperty("operations").GetArrayLength()} operations");
            }

            if (i >= Warmup)
            {
                client.Add(watch.Elapsed.TotalMilliseconds);
                server.Add(ServerMs(response) ?? double.NaN);
                notQualified += trace.GetProperty("operations").EnumerateArray().Count(o => !o.GetProperty("qualifiedThen").GetBoolean());
            }
        }

        client.Sort();
        server.Sort();
        Console.WriteLine($"Batch trace ({Samples} random batches of {RecordsPerBatch} operations, one after another; {notQualified:N0} of {Samples * RecordsPerBatch:N0} operations were by someone not yet qualified then):");
        Console.WriteLine($"  client p50 {P(client, 0.5):F1} ms, p95 {P(client, 0.95):F1} ms, p99 {P(client, 0.99):F1} ms, max {client[^1]:F1} ms");
        Console.WriteLine($"  server p50 {P(server, 0.5):F1} ms, p95 {P(server, 0.95):F1} ms, p99 {P(server, 0.99):F1} ms");

        var runs = new List<(double Client, JsonElement Result)>();
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            var result = JsonSerializer.Deserialize<JsonElement>(await SendAsync(http, admin, HttpMethod.Post, "/api/v1/needs/analysis", null));
            runs.Add((watch.Elapsed.TotalMilliseconds, result));
            Console.WriteLine($"Needs analysis run {i + 1} over a year of defect data ({defects:N0} defect records, {batches:N0} production counts): {watch.Elapsed.TotalMilliseconds:F0} ms " +
                              $"(server {result.GetProperty("milliseconds").GetInt64()} ms; {result.GetProperty("signals").GetInt32()} signals, {result.GetProperty("needsCreated").GetInt32()} needs created)");
        }

        var needs = await ListAsync(data, "SELECT n.title || ' · ' || n.scope_label || ' · ' || (SELECT count(*) FROM needs.need_person p WHERE p.need_id = n.id) || ' people' FROM needs.need n");
        Console.WriteLine($"Needs found: {string.Join("; ", needs)}");

        Console.WriteLine();
        Console.WriteLine("Summary (loopback; app and PostgreSQL on the same machine)");
        Console.WriteLine($"  {"measure",-62} {"result",-16} {"target",-10} verdict");
        Console.WriteLine($"  {$"batch trace p95 at {records:N0} operation records (client)",-62} {P(client, 0.95),-16:F1} {"< 50 ms",-10} {(P(client, 0.95) < TraceTargetMs ? "met" : "MISSED")}");
        Console.WriteLine($"  {"batch trace p95 (server)",-62} {P(server, 0.95),-16:F1} {"-",-10} -");
        Console.WriteLine($"  {"needs analysis over a year of defects (first run)",-62} {runs[0].Client,-16:F0} {"-",-10} -");
        Console.WriteLine($"  {"needs analysis, repeated run",-62} {runs[^1].Client,-16:F0} {"-",-10} -");
    }
}
