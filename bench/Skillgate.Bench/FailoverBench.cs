using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Training.Contracts;
using static BenchClient;

/// <summary>
/// A database server failure under load, against a running deployment (deploy/ha-local.sh failover: two app nodes behind HAProxy
/// on a Patroni leader and replica). Set-up through the API: a published course with an exam, 40 employees signed in as themselves
/// with an attempt open, 100 sessions open for check-in, and one CAPA whose containment task falls due during the run. Then for
/// 40 s every employee checks in to one session after another (one every 400 ms) and submits the exam at a random moment; at
/// 10 s the leader's Patroni and PostgreSQL are killed. A request that fails is sent again until it is answered. Afterwards, in
/// the database: every acknowledged check-in and submission is there once, nothing is doubled, the deadline escalated once.
/// Prints how long writes were unavailable and how fast the failing requests failed.
/// </summary>
internal static class FailoverBench
{
    private const int Clients = 40;
    private const int Sessions = 100;
    private const int Questions = 10;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Burst = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan KillAt = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(120);

    private sealed record Shot(string Kind, double Start, double End, int Status);

    public static async Task RunAsync(Uri baseUri, string connectionString, string killCommand)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        var setup = Stopwatch.StartNew();
        var admin = await SignInAsync(baseUri, "admin");
        var plant = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = "FO", name = "故障切换工厂", unitType = "plant", parentId = (Guid?)null, functions = new[] { "production" } });
        var workshop = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = "FO-W", name = "焊接车间", unitType = "workshop", parentId = plant, functions = new[] { "production" } });
        await ExecuteAsync(data, $"""
            INSERT INTO org.employee (id, employee_no, name, org_unit_id, hire_date, status)
            SELECT gen_random_uuid(), 'F' || lpad(i::text, 7, '0'), '学员' || i, '{workshop}', current_date - 400, 'active' FROM generate_series(1, {Clients}) i
            """);
        foreach (var (name, roles) in new[] { ("foqa1", "QA"), ("foqa2", "QA"), ("fosales", "Sales"), ("fodirector", "DepartmentHead") })
        {
            await CreateUserAsync(http, admin, data, name, [roles], scopeAll: true, employeeId: null);
        }

        var (author, approver) = (await SignInAsync(baseUri, "foqa1"), await SignInAsync(baseUri, "foqa2"));
        var course = await PostIdAsync(http, author, "/api/v1/courses", new CourseInput("FO-EX", "故障切换考试课程", "online", 2, "基准课程", workshop, 10, 0m));
        for (var i = 0; i < Questions; i++)
        {
            await PostIdAsync(http, author, "/api/v1/questions", new QuestionInput(course, null, "single", $"FO-{i:D3}: 第 {i} 题？",
                [$"甲 {i}", $"乙 {i}", $"丙 {i}", $"丁 {i}"], [(i % 4).ToString(CultureInfo.InvariantCulture)], 2, ["fo"]));
        }

        var paper = await PostIdAsync(http, author, "/api/v1/papers", new PaperInput(course, "故障切换考试", "rules", 60, 80, 3, true,
            Rules: [new PaperRuleInput("single", "fo", 1, Questions, 100 / Questions)]));
        await SendAsync(http, author, HttpMethod.Post, $"/api/v1/courses/{course}/submit", null);
        await SendAsync(http, approver, HttpMethod.Post, $"/api/v1/courses/{course}/approve", new ApproveInput(Password, "批准发布", null));
        var employees = (await ListAsync(data, "SELECT id::text FROM org.employee WHERE employee_no LIKE 'F%' ORDER BY employee_no")).Select(Guid.Parse).ToArray();
        await SendAsync(http, admin, HttpMethod.Post, $"/api/v1/courses/{course}/enrollments", new EnrollInput(employees, null));
        await CreateUserAsync(http, admin, data, "fo0000001", ["Employee"], scopeAll: false, employeeId: employees[0]);
        await ExecuteAsync(data, """
            INSERT INTO auth.app_user (id, user_name, display_name, password_hash, roles, employee_id, scope_all, must_change_password, security_stamp, active, created_at)
            SELECT gen_random_uuid(), 'fo' || substr(e.employee_no, 2), e.name, t.password_hash, ARRAY['Employee'], e.id, false, false, gen_random_uuid(), true, now()
            FROM org.employee e, (SELECT password_hash FROM auth.app_user WHERE user_name = 'fo0000001') t
            WHERE e.employee_no LIKE 'F%' AND e.employee_no <> 'F0000001'
            """);
        var cookies = await Task.WhenAll(Enumerable.Range(1, Clients).Select(i => SignInAsync(baseUri, $"fo{i:D7}")));
        var attempts = await Task.WhenAll(cookies.Select(async c => JsonSerializer.Deserialize<AttemptView>(await SendAsync(http, c, HttpMethod.Post, $"/api/v1/papers/{paper}/attempts", null), Json)!));
        var answers = attempts.Select(a => new AnswersInput(a.Questions.ToDictionary(q => q.Key, _ => (IReadOnlyList<string>)["0"]))).ToArray();

        var classroom = await PostIdAsync(http, author, "/api/v1/courses", new CourseInput("FO-QR", "故障切换签到课程", "classroom", 2, "基准课程", workshop, 10, 0m, RequiresExam: false));
        await SendAsync(http, author, HttpMethod.Post, $"/api/v1/courses/{classroom}/submit", null);
        await SendAsync(http, approver, HttpMethod.Post, $"/api/v1/courses/{classroom}/approve", new ApproveInput(Password, "批准发布", null));
        var now = DateTimeOffset.UtcNow;
        var sessions = new List<Guid>();
        var tokens = new List<string>();
        for (var i = 1; i <= Sessions; i++)
        {
            var session = await PostIdAsync(http, admin, "/api/v1/sessions", new SessionInput(classroom, $"故障切换场次 {i}", null, now.AddMinutes(-1), now.AddHours(2), Clients, null, null));
            await SendAsync(http, admin, HttpMethod.Post, $"/api/v1/sessions/{session}/participants", new InviteInput(null, null, workshop, "基准测试：同一批学员的并行场次"));
            sessions.Add(session);
            tokens.Add((await GetAsync<QrCodeDto>(http, admin, $"/api/v1/sessions/{session}/qr")).Token);
        }

        var task = await CapaDueSoonAsync(http, data, baseUri, admin, plant, workshop);
        Console.WriteLine($"Set-up (exam for {Clients} signed-in employees, {Sessions} sessions, a CAPA task due in {KillAt.TotalSeconds + 5:F0} s): {setup.Elapsed.TotalSeconds:F1} s");

        var shots = new ConcurrentBag<Shot>();
        var checkedIn = new ConcurrentBag<(Guid Session, Guid Employee)>();
        var submitted = new ConcurrentBag<Guid>();
        var clock = Stopwatch.StartNew();
        var random = new Random(7);
        var submitAt = Enumerable.Range(0, Clients).Select(_ => TimeSpan.FromMilliseconds(random.Next((int)Burst.TotalMilliseconds))).ToArray();
        var killed = Task.Run(async () =>
        {
            await Task.Delay(KillAt);
            var at = clock.Elapsed.TotalSeconds;
            using var kill = Process.Start(new ProcessStartInfo("bash", ["-c", killCommand]) { RedirectStandardOutput = true })!;
            var who = (await kill.StandardOutput.ReadToEndAsync()).Trim();
            await kill.WaitForExitAsync();
            Console.WriteLine($"  {at:F1} s: killed the leader {who} (Patroni and PostgreSQL, SIGKILL)");
            return at;
        });
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            var submittedYet = false;
            for (var k = 0; clock.Elapsed < Burst; k++)
            {
                var next = clock.Elapsed + Pace;
                var s = (c + k) % Sessions;
                if (k < Sessions && await UntilAnsweredAsync(http, cookies[c], "check-in", "/api/v1/check-ins", new QrCheckInInput(tokens[s], 31.2304, 121.4737), clock, shots))
                {
                    checkedIn.Add((sessions[s], employees[c]));
                }

                if (!submittedYet && clock.Elapsed >= submitAt[c])
                {
                    submittedYet = true;
                    if (await UntilAnsweredAsync(http, cookies[c], "exam", $"/api/v1/attempts/{attempts[c].Id}/submit", answers[c], clock, shots))
                    {
                        submitted.Add(attempts[c].Id);
                    }
                }

                if (next > clock.Elapsed)
                {
                    await Task.Delay(next - clock.Elapsed);
                }
            }
        }));
        var killedAt = await killed;
        await Task.Delay(TimeSpan.FromSeconds(8));
        Report(shots.ToList(), killedAt);
        await VerifyAsync(data, checkedIn.ToList(), submitted.ToList(), sessions, task);
    }

    /// <summary>Sends until answered (2xx, or a 409 that says the write was already made); false only after <see cref="GiveUp"/>.</summary>
    private static async Task<bool> UntilAnsweredAsync(HttpClient http, string cookie, string kind, string url, object body, Stopwatch clock, ConcurrentBag<Shot> shots)
    {
        var first = clock.Elapsed;
        while (clock.Elapsed - first < GiveUp)
        {
            var start = clock.Elapsed.TotalSeconds;
            int status;
            try
            {
                using var response = await SendRawAsync(http, cookie, HttpMethod.Post, url, body);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }

            shots.Add(new Shot(kind, start, clock.Elapsed.TotalSeconds, status));
            if (status is >= 200 and < 300 || (kind == "exam" && status == (int)HttpStatusCode.Conflict))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    private static async Task<Guid> CapaDueSoonAsync(HttpClient http, NpgsqlDataSource data, Uri baseUri, string admin, Guid plant, Guid workshop)
    {
        var director = await ScalarAsync<Guid>(data, "SELECT id FROM auth.app_user WHERE user_name = 'fodirector'");
        await SendAsync(http, admin, HttpMethod.Put, "/api/v1/workflow/directors", new { orgUnitId = plant, function = "production", userId = director });
        await ExecuteAsync(data, $"INSERT INTO quality.batch (id, code, product, line_id, created_at) VALUES (gen_random_uuid(), 'FO-0001', '支架总成', '{workshop}', now())");
        var (sales, qa) = (await SignInAsync(baseUri, "fosales"), await SignInAsync(baseUri, "foqa1"));
        var started = JsonSerializer.Deserialize<JsonElement>(await SendAsync(http, sales, HttpMethod.Post, "/api/v1/workflow/instances", new
        {
            definition = "CAPA", orgUnitId = workshop, title = "客户投诉：支架焊点开裂",
            form = new Dictionary<string, string?> { ["customer"] = "基准客户", ["batch"] = "FO-0001", ["description"] = "交付批次中 3 件支架焊点开裂" },
        }));
        var moved = JsonSerializer.Deserialize<JsonElement>(await SendAsync(http, qa, HttpMethod.Post,
            $"/api/v1/workflow/instances/{started.GetProperty("id").GetGuid()}/tasks/{started.GetProperty("openTaskId").GetGuid()}/complete", new
            {
                outcome = "approve", form = new Dictionary<string, string?> { ["rootCause"] = "焊接电流漂移，首件检验未覆盖" },
            }));
        var task = moved.GetProperty("openTaskId").GetGuid();
        var due = KillAt.TotalSeconds + 5;
        // The limit and the escalation to the director (0 h after it) move to a moment after the kill.
        await ExecuteAsync(data, $$"""
            UPDATE workflow.task SET due_at = now() + interval '{{due}} s', next_check_at = now() + interval '{{due}} s',
                escalations = (SELECT jsonb_agg(jsonb_set(e, '{at}', to_jsonb(now() + interval '{{due}} s'))) FROM jsonb_array_elements(escalations) e)
            WHERE id = '{{task}}'
            """);
        return task;
    }

    private static void Report(List<Shot> shots, double killedAt)
    {
        var failed = shots.Where(s => s.Status is 0 or >= 500).OrderBy(s => s.End).ToList();
        Console.WriteLine($"Burst: {shots.Count:N0} write requests ({shots.Count(s => s.Kind == "check-in"):N0} check-ins, {shots.Count(s => s.Kind == "exam")} submissions), " +
                          $"{failed.Count:N0} failed and were sent again; answers {string.Join(", ", shots.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
        var firstFailure = failed.FirstOrDefault(s => s.End >= killedAt);
        if (firstFailure is null)
        {
            Console.WriteLine("  no write failed after the kill");
            return;
        }

        var lastFailure = failed.Where(s => s.End >= killedAt).Max(s => s.End);
        var recovered = shots.Where(s => s.Status is >= 200 and < 500 && s.Start >= firstFailure.Start).Where(s => s.End > lastFailure).Min(s => s.End);
        var durations = failed.Select(s => (s.End - s.Start) * 1000).Order().ToList();
        Console.WriteLine($"  writes unavailable: {recovered - killedAt:F1} s from the kill to the first write answered after the last failure " +
                          $"(first failing request sent {firstFailure.Start - killedAt:F1} s after the kill, last failure answered {lastFailure - killedAt:F1} s after)");
        Console.WriteLine($"  failing requests took p50 {P(durations, 0.5):F0} ms, p99 {P(durations, 0.99):F0} ms, max {durations[^1]:F0} ms (fail fast: no request hangs for the switch)");
    }

    private static async Task VerifyAsync(NpgsqlDataSource data, List<(Guid Session, Guid Employee)> checkedIn, List<Guid> submitted, List<Guid> sessions, Guid task)
    {
        var ids = "ARRAY[" + string.Join(',', sessions.Select(s => $"'{s}'::uuid")) + "]";
        var rows = new HashSet<(Guid, Guid)>();
        var doubled = 0L;
        await using (var cmd = data.CreateCommand($"SELECT session_id, employee_id, count(*) FROM training.attendance WHERE session_id = ANY({ids}) AND kind = 'in' GROUP BY 1, 2"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetGuid(0), reader.GetGuid(1)));
                doubled += reader.GetInt64(2) > 1 ? 1 : 0;
            }
        }

        var lost = checkedIn.Count(c => !rows.Contains(c));
        var attemptIds = "ARRAY[" + string.Join(',', submitted.Select(s => $"'{s}'::uuid")) + "]";
        var graded = await ScalarAsync<long>(data, $"SELECT count(*) FROM learning.attempt WHERE id = ANY({attemptIds}) AND status = 'graded'");
        var escalations = await ScalarAsync<long>(data, $"SELECT count(*) FROM workflow.escalation WHERE task_id = '{task}'");
        var breaches = await ScalarAsync<long>(data, $"SELECT count(*) FROM workflow.sla_breach WHERE task_id = '{task}'");
        var notices = await ScalarAsync<long>(data, "SELECT coalesce(max(c), 0) FROM (SELECT count(*) AS c FROM platform.notification WHERE kind IN ('workflow_escalation', 'workflow_overdue') GROUP BY user_id, dedupe_key) x");
        var ok = lost == 0 && doubled == 0 && graded == submitted.Count && escalations == 1 && breaches == 1 && notices <= 1;
        Console.WriteLine($"After the failover: {checkedIn.Count:N0} acknowledged check-ins, {lost} missing, {doubled} doubled ({rows.Count:N0} in the database); " +
                          $"{submitted.Count} acknowledged submissions, {graded} graded; the due task escalated {escalations}× and breached {breaches}×, at most {notices} notice per person and deadline");
        Console.WriteLine(ok ? "PASS: nothing acknowledged was lost, nothing doubled, the escalation fired once" : "FAIL");
        Environment.ExitCode = ok ? 0 : 1;
    }
}
