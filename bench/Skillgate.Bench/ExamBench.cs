using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform;
using Skillgate.Platform.Data;
using static BenchClient;

/// <summary>
/// Exam submission throughput: a published course on a released SOP with a rules-drawn paper, N employees each signed in
/// as themselves with an attempt open, then N submissions fired at the same moment. Prints submissions/s and the latency
/// percentiles, and checks in the database that every attempt was graded (none lost) and passes became completions. With a
/// warm-up, that many further candidates submit first, in waves of 100, so that the measured burst meets compiled code and
/// connections that have planned their statements, as on a server that has been running.
/// </summary>
internal static class ExamBench
{
    private const int QuestionsPerPaper = 10;

    public static async Task RunAsync(int count, int warm)
    {
        var total = count + warm;
        await using var host = await BenchHost.StartAsync("x");
        var (data, baseUri, http) = (host.Data, host.BaseUri, host.Http);

        var setup = Stopwatch.StartNew();
        var admin = await SignInAsync(baseUri, "admin");
        var plant = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = "XB", name = "考试基准工厂", unitType = "plant", parentId = (Guid?)null, functions = new[] { "production" } });
        var workshop = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = "XB-W", name = "焊接车间", unitType = "workshop", parentId = plant, functions = new[] { "production" } });
        var position = await PostIdAsync(http, admin, "/api/v1/positions", new { code = "XB-WELDER", name = "焊工", orgUnitId = workshop });
        await ExecuteAsync(data, $"""
            INSERT INTO org.employee (id, employee_no, name, org_unit_id, position_id, hire_date, status)
            SELECT gen_random_uuid(), 'X' || lpad(i::text, 7, '0'), '考生' || i, '{workshop}', '{position}', current_date - 400, 'active'
            FROM generate_series(1, {total}) i
            """);

        foreach (var name in new[] { "benchqa1", "benchqa2" })
        {
            await CreateUserAsync(http, admin, data, name, ["QA"], scopeAll: true, employeeId: null);
        }

        var author = await SignInAsync(baseUri, "benchqa1");
        var approver = await SignInAsync(baseUri, "benchqa2");
        var sop = await PostIdAsync(http, author, "/api/v1/documents", new { code = "SOP-XB", title = "焊接安全规程", kind = "sop" });
        var version = await PostIdAsync(http, author, $"/api/v1/documents/{sop}/versions", new { changeType = "major", summary = "首版", retrainDueDays = 30 });
        await SendAsync(http, author, HttpMethod.Post, $"/api/v1/documents/versions/{version}/submit", null);
        await SendAsync(http, approver, HttpMethod.Post, $"/api/v1/documents/versions/{version}/release", new { password = Password, meaning = "批准发布", effectiveOn = (string?)null });
        var requirement = await PostIdAsync(http, admin, "/api/v1/requirements", new { positionId = position, kind = "training", documentId = sop });

        var course = await PostIdAsync(http, author, "/api/v1/courses", new CourseInput("XB-WS", "焊接安全培训", "online", 2, "基准课程", workshop, 10, 50m));
        var current = await GetAsync<CourseDto>(http, author, $"/api/v1/courses/{course}");
        await SendAsync(http, author, HttpMethod.Put, $"/api/v1/courses/{course}/links", new CourseLinksInput([version], [], current.Version));
        for (var i = 0; i < 3 * QuestionsPerPaper; i++)
        {
            await PostIdAsync(http, author, "/api/v1/questions", new QuestionInput(course, null, "single", $"XB-{i:D3}: 焊接安全第 {i} 题？",
                [$"甲 {i}", $"乙 {i}", $"丙 {i}", $"丁 {i}"], [(i % 4).ToString(CultureInfo.InvariantCulture)], 2, ["bench-safety"]));
        }

        var paper = await PostIdAsync(http, author, "/api/v1/papers", new PaperInput(course, "焊接安全考试", "rules", 60, 80, 3, true,
            Rules: [new PaperRuleInput("single", "bench-safety", 1, QuestionsPerPaper, 100 / QuestionsPerPaper)]));
        await SendAsync(http, author, HttpMethod.Post, $"/api/v1/courses/{course}/submit", null);
        await SendAsync(http, approver, HttpMethod.Post, $"/api/v1/courses/{course}/approve", new ApproveInput(Password, "批准发布", null));
        var employees = await ListAsync(data, "SELECT id::text FROM org.employee WHERE employee_no LIKE 'X%' ORDER BY employee_no");
        foreach (var chunk in employees.Select(Guid.Parse).Chunk(1_000))
        {
            await SendAsync(http, admin, HttpMethod.Post, $"/api/v1/courses/{course}/enrollments", new EnrollInput([.. chunk], null));
        }

        // One user per employee: the first through the API, the rest copied from it in SQL (same password hash).
        var firstEmployee = await ScalarAsync<Guid>(data, "SELECT id FROM org.employee WHERE employee_no = 'X0000001'");
        await CreateUserAsync(http, admin, data, "xb0000001", ["Employee"], scopeAll: false, employeeId: firstEmployee);
        await ExecuteAsync(data, """
            INSERT INTO auth.app_user (id, user_name, display_name, password_hash, roles, employee_id, scope_all, must_change_password, security_stamp, active, created_at)
            SELECT gen_random_uuid(), 'xb' || substr(e.employee_no, 2), e.name, t.password_hash, ARRAY['Employee'], e.id, false, false, gen_random_uuid(), true, now()
            FROM org.employee e, (SELECT password_hash FROM auth.app_user WHERE user_name = 'xb0000001') t
            WHERE e.employee_no LIKE 'X%' AND e.employee_no <> 'X0000001'
            """);
        Console.WriteLine($"Set-up (plant, SOP released, course published, {3 * QuestionsPerPaper} questions, {total:N0} employees and users): {setup.Elapsed.TotalSeconds:F1} s");

        var watch = Stopwatch.StartNew();
        var cookies = new string[total];
        await Parallel.ForEachAsync(Enumerable.Range(1, total), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, async (i, _) =>
            cookies[i - 1] = await SignInAsync(baseUri, $"xb{i:D7}"));
        Console.WriteLine($"Signed in {total:N0} employees (password hashing): {watch.Elapsed.TotalSeconds:F1} s");

        watch.Restart();
        var attempts = new AttemptView[total];
        var startTimes = new ConcurrentBag<double>();
        await Parallel.ForEachAsync(Enumerable.Range(0, total), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await SendRawAsync(http, cookies[i], HttpMethod.Post, $"/api/v1/papers/{paper}/attempts", null);
            startTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"start attempt {i + 1} → {(int)response.StatusCode}: {body}");
            }

            attempts[i] = JsonSerializer.Deserialize<AttemptView>(body, Json)!;
        });
        var starts = startTimes.Order().ToList();
        Console.WriteLine($"Started {total:N0} attempts ({QuestionsPerPaper} questions drawn by rule, shuffled) in {watch.Elapsed.TotalSeconds:F1} s, 32 at a time: p50 {P(starts, 0.5):F0} ms, p99 {P(starts, 0.99):F0} ms");

        // The right answers from the bank, mapped to the option order each candidate was shown; every fifth candidate gets three wrong.
        var bank = new Dictionary<string, (string[] Options, string[] Key)>();
        await using (var cmd = data.CreateCommand($"SELECT stem, options, answer_key FROM learning.question WHERE course_id = '{course}'"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                bank[reader.GetString(0)] = (reader.GetFieldValue<string[]>(1), reader.GetFieldValue<string[]>(2));
            }
        }

        var payloads = attempts.Select((attempt, i) => new AnswersInput(attempt.Questions.Select((q, n) =>
        {
            var (options, key) = bank[q.Stem];
            var right = q.Options.ToList().IndexOf(options[int.Parse(key[0], CultureInfo.InvariantCulture)]);
            var given = (i + 1) % 5 == 0 && n < 3 ? (right + 1) % q.Options.Count : right;
            return (q.Key, Answer: (IReadOnlyList<string>)[given.ToString(CultureInfo.InvariantCulture)]);
        }).ToDictionary(x => x.Key, x => x.Answer))).ToArray();
        var expectedPasses = Enumerable.Range(1, total).Count(i => i % 5 != 0);
        for (var wave = 0; wave < warm; wave += 100)
        {
            var warmed = await Task.WhenAll(Enumerable.Range(wave, Math.Min(100, warm - wave)).Select(async i =>
            {
                using var response = await SendRawAsync(http, cookies[i], HttpMethod.Post, $"/api/v1/attempts/{attempts[i].Id}/submit", payloads[i]);
                return response.StatusCode;
            }));
            if (warmed.Any(s => s != HttpStatusCode.OK))
            {
                throw new InvalidOperationException($"warm-up submissions answered {string.Join(", ", warmed.Distinct())}");
            }
        }

        if (warm > 0)
        {
            Console.WriteLine($"Warm-up: {warm:N0} submissions in waves of 100 (not measured)");
        }

        // All submissions at the same moment, each candidate on the keep-alive connection its phone already holds (the exam page
        // was loaded over it), sent by a load generator as light as wrk so that the app and PostgreSQL get the CPU.
        var requests = Enumerable.Range(warm, count).Select(i => RawHttpConnection.Post(
            baseUri.Port, $"/api/v1/attempts/{attempts[i].Id}/submit", $"Cookie: {cookies[i]}\r\nX-Device-Id: {DeviceOf(cookies[i])}\r\nUser-Agent: SkillgateBench/{DeviceOf(cookies[i])}\r\n",
            JsonSerializer.Serialize(payloads[i], Json))).ToArray();
        var connections = await Task.WhenAll(requests.Select(_ => RawHttpConnection.OpenAsync(baseUri.Port)));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var latencies = new double[count];
        var serverTimes = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentBag<string>();
        var tasks = connections.Select(async (connection, n) =>
        {
            await gate.Task;
            var started = Stopwatch.GetTimestamp();
            try
            {
                var (status, serverMs, body) = await connection.SendAsync(requests[n]);
                latencies[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                statuses.AddOrUpdate(status, 1, (_, k) => k + 1);
                if (serverMs is { } ms)
                {
                    serverTimes.Add(ms);
                }

                if (status != (int)HttpStatusCode.OK)
                {
                    failures.Add($"{status}: {body[..Math.Min(body.Length, 300)]}");
                }
            }
            catch (Exception e) when (e is IOException or SocketException or InvalidOperationException)
            {
                latencies[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                statuses.AddOrUpdate(0, 1, (_, k) => k + 1);
                failures.Add(e.GetType().Name + ": " + e.Message);
            }
        }).ToList();
        var statements = await StatementStats.ResetAsync(data);
        var burstStart = await ScalarAsync<DateTime>(data, "SELECT clock_timestamp()");
        var cpu = CpuMeter.Start(Path.Combine(host.Folder, "pg"));
        var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        watch.Restart();
        gate.SetResult();
        await Task.WhenAll(tasks);
        var wall = watch.Elapsed.TotalSeconds;
        var (appCpu, dbCpu) = cpu.Elapsed();
        (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods, System.Runtime.JitInfo.GetCompilationTime() - jitTime);
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        var sorted = latencies.Order().ToList();
        var server = serverTimes.Order().ToList();
        Console.WriteLine();
        Console.WriteLine($"Exam submissions: {count:N0} fired at once ({QuestionsPerPaper} questions each; grading, completion, qualification and certificate in the same request){(warm > 0 ? $", after a warm-up of {warm:N0}" : ", the first burst after start")}");
        Console.WriteLine($"  wall time            {wall:F2} s");
        Console.WriteLine($"  throughput           {count / wall:F0} submissions/s");
        Console.WriteLine($"  latency (client)     p50 {P(sorted, 0.5):F0} ms   p95 {P(sorted, 0.95):F0} ms   p99 {P(sorted, 0.99):F0} ms   max {sorted[^1]:F0} ms");
        if (server.Count > 0)
        {
            Console.WriteLine($"  server time          p50 {P(server, 0.5):F0} ms   p95 {P(server, 0.95):F0} ms   p99 {P(server, 0.99):F0} ms   (Server-Timing, queueing for a connection included)");
        }

        Console.WriteLine($"  CPU per submission   app {appCpu * 1000 / count:F1} ms (the load generator shares its process)   database {dbCpu * 1000 / count:F1} ms   ({Environment.ProcessorCount} cores, {(appCpu + dbCpu) / wall / Environment.ProcessorCount:P0} busy)");
        Console.WriteLine($"  JIT in the burst     {jitMethods:N0} methods compiled in {jitTime.TotalMilliseconds:F0} ms ({jitTime.TotalMilliseconds / count:F2} ms per submission, part of the app's CPU)");
        for (var wait = 0; wait < 300 && await ScalarAsync<long>(data, "SELECT count(*) FROM audit.event WHERE seq IS NULL") > 0; wait++)
        {
            await Task.Delay(100);
        }

        await using (var lag = data.CreateCommand(
            """
            SELECT count(*), count(seq), percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM chained_at - appended_at)),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM chained_at - appended_at)),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM chained_at - appended_at))
            FROM audit.event WHERE appended_at >= $1
            """))
        {
            lag.Parameters.AddWithValue(burstStart);
            await using var reader = await lag.ExecuteReaderAsync();
            await reader.ReadAsync();
            Console.WriteLine($"  audit sequencer      {reader.GetInt64(1):N0} of {reader.GetInt64(0):N0} records chained; lag after append p50 {reader.GetDouble(2) * 1000:F0} ms   p95 {reader.GetDouble(3) * 1000:F0} ms   p99 {reader.GetDouble(4) * 1000:F0} ms");
        }

        if (statements)
        {
            await StatementStats.PrintAsync(data, count);
        }

        Console.WriteLine($"  HTTP status          {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no response" : s.Key.ToString(CultureInfo.InvariantCulture))} × {s.Value:N0}"))}");
        foreach (var failure in failures.Distinct().Take(5))
        {
            Console.WriteLine($"    e.g. {failure}");
        }

        var graded = await ScalarAsync<long>(data, $"SELECT count(*) FROM learning.attempt WHERE paper_id = '{paper}' AND status = 'graded'");
        var open = await ScalarAsync<long>(data, $"SELECT count(*) FROM learning.attempt WHERE paper_id = '{paper}' AND status <> 'graded'");
        var passed = await ScalarAsync<long>(data, $"SELECT count(*) FROM learning.attempt WHERE paper_id = '{paper}' AND passed");
        var wrongGrade = await ScalarAsync<long>(data, $"""
            SELECT count(*) FROM learning.attempt a JOIN org.employee e ON e.id = a.employee_id
            WHERE a.paper_id = '{paper}' AND a.status = 'graded' AND a.passed IS DISTINCT FROM (substr(e.employee_no, 2)::int % 5 <> 0)
            """);
        var certificates = await ScalarAsync<long>(data, $"SELECT count(*) FROM learning.certificate WHERE course_id = '{course}'");
        var completions = await ScalarAsync<long>(data, $"SELECT count(*) FROM learning.course_completion WHERE course_id = '{course}'");
        var competence = await ScalarAsync<long>(data, $"SELECT count(DISTINCT employee_id) FROM competence.completion WHERE document_version_id = '{version}'");
        var qualified = await ScalarAsync<long>(data, $"SELECT count(*) FROM competence.qualification WHERE requirement_id = '{requirement}' AND status = 'qualified'");
        var standing = await ScalarAsync<long>(data, """
            SELECT count(*) FROM (
                (SELECT org_unit_id, requirement_id, status, day, pairs FROM competence.standing_count_v
                 EXCEPT ALL
                 SELECT e.org_unit_id, q.requirement_id, q.status, competence.standing_day(q.status, q.valid_until, q.due_on), count(*)::int
                 FROM competence.qualification q JOIN org.employee e ON e.id = q.employee_id AND e.status <> 'exited' GROUP BY 1, 2, 3, 4)
                UNION ALL
                (SELECT e.org_unit_id, q.requirement_id, q.status, competence.standing_day(q.status, q.valid_until, q.due_on), count(*)::int
                 FROM competence.qualification q JOIN org.employee e ON e.id = q.employee_id AND e.status <> 'exited' GROUP BY 1, 2, 3, 4
                 EXCEPT ALL
                 SELECT org_unit_id, requirement_id, status, day, pairs FROM competence.standing_count_v)) d
            """);
        var answered = statuses.GetValueOrDefault(200);
        Console.WriteLine($"  database             graded {graded:N0} / {total:N0}{(warm > 0 ? " (warm-up included)" : "")}, not graded {open:N0}, lost {total - graded:N0}");
        if (graded > answered + warm)
        {
            Console.WriteLine($"                       graded although the candidate got an error: {graded - answered - warm:N0}");
        }

        Console.WriteLine($"                       passed {passed:N0} (expected {expectedPasses:N0}), graded wrongly {wrongGrade:N0}");
        Console.WriteLine($"                       course completions {completions:N0}, certificates {certificates:N0}, SOP completions {competence:N0}, qualified {qualified:N0}");
        Console.WriteLine($"                       standing counts (as HR's home reads them) differing from a fresh count: {standing:N0}");
        var ok = graded == total && answered == count && passed == expectedPasses && wrongGrade == 0 && completions == expectedPasses && certificates == expectedPasses &&
            qualified == expectedPasses && standing == 0;
        Console.WriteLine(ok ? "  result               OK: every submission graded exactly once, none lost" : "  result               FAILED: see the figures above");
        if (!ok)
        {
            Environment.ExitCode = 1;
        }
    }
}
