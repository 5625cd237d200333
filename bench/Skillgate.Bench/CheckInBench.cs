using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform;
using Skillgate.Platform.Data;
using static BenchClient;

/// <summary>
/// QR check-in load: employees signed in as themselves (200 clients), sessions open for check-in with all of them invited.
/// The paced phase spreads 2,000 check-ins over 60 s at random moments; then each of three runs in one process fires 20,000
/// (fresh sessions) as fast as the clients can, and beside it, on the same cluster and machine, a bare endpoint doing one
/// INSERT per request under the same load and pgbench's single-row insert (<c>-c 8</c>) — the comparators of the ratios — and the
/// same INSERT behind the app's pipeline and sign-in (<see cref="SignedInInsertEndpoint"/>), what any signed-in write starts from. Every
/// check-in is checked in the database (recorded once) and repeated scans must answer "already recorded".
/// Arguments: [--clients N] [--burst S] (sessions per run, each client checks in to each) [--no-paced] [--runs N]
/// [--max-ratio "name=X" … --trx file] (CI's guard), then app settings, e.g. --Skillgate:Training:LateAfterMinutes=5.
/// Each flat-out run prints what the process allocated per request; where the time and memory go during it, when asked:
/// SKILLGATE_BENCH_STATEMENTS (with a cluster that preloads pg_stat_statements), SKILLGATE_BENCH_JIT, SKILLGATE_BENCH_ALLOC.
/// </summary>
internal static class CheckInBench
{
    private const int SessionsPerPhase = 10;
    private const int Resends = 100;

    /// <summary>Sessions per warm-up round (not counted; the same back-to-back pattern as the flat-out phase), with a pause after each for the background JIT.</summary>
    private const int WarmUpRound = 10;

    /// <summary>
    /// Warm-up rounds: at least this many, then until two rounds in a row compile fewer than <see cref="SettledMethods"/> methods.
    /// The batch writer runs once per batch, not per check-in, so its methods reach tier 1 only after many rounds.
    /// </summary>
    private const int MinWarmUpRounds = 6;
    private const int MaxWarmUpRounds = 20;
    private const int SettledMethods = 10;
    private const double P99TargetMs = 50;
    private static readonly TimeSpan PacedWindow = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PgbenchDuration = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(string[] args)
    {
        var (runs, guards, trx, others) = RepeatedRuns.ParseArguments(args);
        var repeated = new RepeatedRuns(runs, guards, trx);
        var (clients, burstSessions, paced) = (200, 100, true);
        var settings = new List<string>();
        for (var i = 0; i < others.Length; i++)
        {
            switch (others[i])
            {
                case "--clients":
                    clients = int.Parse(others[++i], CultureInfo.InvariantCulture);
                    break;
                case "--burst":
                    burstSessions = int.Parse(others[++i], CultureInfo.InvariantCulture);
                    break;
                case "--no-paced":
                    paced = false;
                    break;
                default:
                    settings.Add(others[i]);
                    break;
            }
        }

        // Codes rotate every 300 s here (the most the app allows) so one code per session lasts a phase; validity is still checked on every scan.
        await using var host = await BenchHost.StartAsync("c", SignedInInsertEndpoint.Map, ["--Skillgate:Training:QrRotateSeconds=300", .. settings]);
        var (data, baseUri, http) = (host.Data, host.BaseUri, host.Http);

        var setup = Stopwatch.StartNew();
        var admin = await SignInAsync(baseUri, "admin");
        var plant = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = "CB", name = "签到基准工厂", unitType = "plant", parentId = (Guid?)null, functions = new[] { "production" } });
        var workshop = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = "CB-W", name = "装配车间", unitType = "workshop", parentId = plant, functions = new[] { "production" } });
        await ExecuteAsync(data, $"""
            INSERT INTO org.employee (id, employee_no, name, org_unit_id, hire_date, status)
            SELECT gen_random_uuid(), 'C' || lpad(i::text, 7, '0'), '学员' || i, '{workshop}', current_date - 400, 'active'
            FROM generate_series(1, {clients}) i
            """);

        foreach (var name in new[] { "benchqa1", "benchqa2" })
        {
            await CreateUserAsync(http, admin, data, name, ["QA"], scopeAll: true, employeeId: null);
        }

        var author = await SignInAsync(baseUri, "benchqa1");
        var approver = await SignInAsync(baseUri, "benchqa2");
        var course = await PostIdAsync(http, author, "/api/v1/courses", new CourseInput("CB-QR", "扫码签到基准课程", "classroom", 2, "基准课程", workshop, 10, 0m, RequiresExam: false));
        await SendAsync(http, author, HttpMethod.Post, $"/api/v1/courses/{course}/submit", null);
        await SendAsync(http, approver, HttpMethod.Post, $"/api/v1/courses/{course}/approve", new ApproveInput(Password, "批准发布", null));

        // One user per employee: the first through the API, the rest copied from it in SQL (same password hash).
        var firstEmployee = await ScalarAsync<Guid>(data, "SELECT id FROM org.employee WHERE employee_no = 'C0000001'");
        await CreateUserAsync(http, admin, data, "cb0000001", ["Employee"], scopeAll: false, employeeId: firstEmployee);
        await ExecuteAsync(data, """
            INSERT INTO auth.app_user (id, user_name, display_name, password_hash, roles, employee_id, scope_all, must_change_password, security_stamp, active, created_at)
            SELECT gen_random_uuid(), 'cb' || substr(e.employee_no, 2), e.name, t.password_hash, ARRAY['Employee'], e.id, false, false, gen_random_uuid(), true, now()
            FROM org.employee e, (SELECT password_hash FROM auth.app_user WHERE user_name = 'cb0000001') t
            WHERE e.employee_no LIKE 'C%' AND e.employee_no <> 'C0000001'
            """);

        // Sessions open for check-in now, everyone in the workshop invited; they overlap each other, hence the override reason.
        var now = DateTimeOffset.UtcNow;
        var created = 0;
        async Task<List<Guid>> NewSessionsAsync(int count)
        {
            var made = new List<Guid>();
            for (var i = 0; i < count; i++)
            {
                var session = await PostIdAsync(http, admin, "/api/v1/sessions", new SessionInput(course, $"签到基准场次 {++created}", null, now.AddMinutes(-1), now.AddHours(2), clients, null, null));
                await SendAsync(http, admin, HttpMethod.Post, $"/api/v1/sessions/{session}/participants", new InviteInput(null, null, workshop, "基准测试：同一批学员的并行场次"));
                made.Add(session);
            }

            return made;
        }

        var sessions = await NewSessionsAsync(SessionsPerPhase + (burstSessions * runs));
        var pacedSessions = sessions.GetRange(0, SessionsPerPhase);
        var invited = await ScalarAsync<long>(data, $"SELECT count(*) FROM training.participant WHERE session_id = ANY({Ids(sessions)}) AND status = 'invited'");
        Console.WriteLine($"Set-up (course published, {clients} employees and users, {sessions.Count} sessions with {invited:N0} invitations): {setup.Elapsed.TotalSeconds:F1} s");

        var watch = Stopwatch.StartNew();
        var cookies = new string[clients];
        await Parallel.ForEachAsync(Enumerable.Range(1, clients), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, async (i, _) =>
            cookies[i - 1] = await SignInAsync(baseUri, $"cb{i:D7}"));
        Console.WriteLine($"Signed in {clients} employees (password hashing): {watch.Elapsed.TotalSeconds:F1} s");

        // Warm-up in sessions of its own, not counted: the flat-out pattern, in rounds with pauses, until tiered compilation
        // (tier 0, instrumented, tier 1) has settled as it would on a server that has been running a while.
        var quietRounds = 0;
        for (var round = 1; round <= MaxWarmUpRounds && (round <= MinWarmUpRounds || quietRounds < 2); round++)
        {
            var warmTokens = await QrAsync(http, admin, await NewSessionsAsync(WarmUpRound));
            var warm = await BurstAsync(baseUri.Port, CheckIns(baseUri.Port, cookies, warmTokens));
            Console.WriteLine($"Warm-up round {round} (separate sessions, not counted): {warm.Shots.Count(s => s.Status == 200)} check-ins in {warm.Wall:F1} s, " +
                              $"{warm.Compiled} methods compiled");
            quietRounds = warm.Compiled < SettledMethods ? quietRounds + 1 : 0;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        var correct = !paced || await PacedAsync(host, admin, cookies, pacedSessions);

        // The comparators: a bare endpoint (no auth, rules or audit) doing one INSERT per POST on the same cluster, pgbench's
        // single-row insert, and the same INSERT behind the app's pipeline and sign-in (the check-in request to another path);
        // all measured in every run, right after that run's check-ins.
        await ExecuteAsync(data, SignedInInsertEndpoint.Table);
        var script = Path.Combine(host.Folder, "insert.sql");
        await File.WriteAllTextAsync(script, "INSERT INTO bench_insert(payload) VALUES ('x');\n");
        await using var floor = await BareInsertEndpoint.StartAsync(host.ConnectionString);
        var floorRequests = Enumerable.Range(0, clients).Select(_ => Enumerable.Repeat(floor.Request, burstSessions).ToArray()).ToArray();
        if ((await BurstAsync(floor.Port, floorRequests)).Shots.FirstOrDefault(s => s.Status != 200) is { } refused)
        {
            throw new InvalidOperationException($"bare endpoint answered {refused.Describe()} while warming up");
        }

        var signedInToken = (await QrAsync(http, admin, sessions.GetRange(0, 1)))[0];
        var signedInRequests = CheckIns(baseUri.Port, cookies, [.. Enumerable.Repeat(signedInToken, burstSessions)], SignedInInsertEndpoint.Path);
        if ((await BurstAsync(baseUri.Port, signedInRequests)).Shots.FirstOrDefault(s => s.Status != 200) is { } signedInRefused)
        {
            throw new InvalidOperationException($"signed-in insert endpoint answered {signedInRefused.Describe()} while warming up");
        }

        var pipelineRequests = CheckIns(baseUri.Port, cookies, [.. Enumerable.Repeat(signedInToken, burstSessions)], SignedInInsertEndpoint.PathWithoutInsert);
        await BurstAsync(baseUri.Port, pipelineRequests);

        for (var run = 0; run < runs; run++)
        {
            var figures = repeated.Next();
            var burst = sessions.GetRange(SessionsPerPhase + (run * burstSessions), burstSessions);
            var tokens = await QrAsync(http, admin, burst);
            var statements = await StatementStats.ResetAsync(data);
            var jit = JitLog.StartIfAsked();
            var allocations = AllocationLog.StartIfAsked();
            var (burstShots, burstWall, compiledDuring, burstMemory) = await BurstAsync(baseUri.Port, CheckIns(baseUri.Port, cookies, tokens));
            if (statements)
            {
                await StatementStats.PrintAsync(data, clients * burstSessions);
            }

            // Stopped here, so the listeners do not weigh on the comparators measured next.
            jit?.Print();
            jit?.Dispose();
            allocations?.Print();
            allocations?.Dispose();

            var burstStats = Report($"Flat out: {clients * burstSessions:N0} check-ins, {clients} clients each sending its {burstSessions} back to back", burstShots, burstWall);
            Console.WriteLine($"  JIT                  {compiledDuring} methods compiled during the phase");
            Console.WriteLine($"  memory               {burstMemory}");
            correct &= await VerifyAsync(data, burst, clients) && burstStats.Ok;
            figures["check-ins/s"] = burstStats.Rate;
            figures["check-in p99 ms"] = burstStats.P99;
            figures["KB allocated per check-in"] = burstMemory.BytesPerRequest / 1024;

            var (floorShots, floorWall, _, floorMemory) = await BurstAsync(floor.Port, floorRequests);
            if (floorShots.FirstOrDefault(s => s.Status != 200) is { } failed)
            {
                throw new InvalidOperationException($"bare endpoint answered {failed.Describe()}");
            }

            figures["bare HTTP + INSERT requests/s"] = floorShots.Count / floorWall;
            figures["KB allocated per bare request"] = floorMemory.BytesPerRequest / 1024;
            Console.WriteLine($"  bare HTTP endpoint, one INSERT per request, same load: {figures["bare HTTP + INSERT requests/s"]:F0} requests/s; {floorMemory}");
            var (signedInShots, signedInWall, _, signedInMemory) = await BurstAsync(baseUri.Port, signedInRequests);
            if (signedInShots.FirstOrDefault(s => s.Status != 200) is { } signedInFailed)
            {
                throw new InvalidOperationException($"signed-in insert endpoint answered {signedInFailed.Describe()}");
            }

            figures["signed-in HTTP + INSERT requests/s"] = signedInShots.Count / signedInWall;
            Console.WriteLine($"  the same INSERT behind the app's pipeline and sign-in (check-in requests to {SignedInInsertEndpoint.Path}): " +
                              $"{figures["signed-in HTTP + INSERT requests/s"]:F0} requests/s; {signedInMemory}");
            var (pipelineShots, pipelineWall, _, _) = await BurstAsync(baseUri.Port, pipelineRequests);
            if (pipelineShots.FirstOrDefault(s => s.Status != 200) is { } pipelineFailed)
            {
                throw new InvalidOperationException($"signed-in endpoint without the INSERT answered {pipelineFailed.Describe()}");
            }

            figures["signed-in HTTP, no INSERT requests/s"] = pipelineShots.Count / pipelineWall;
            Console.WriteLine($"  the same without the INSERT (pipeline and sign-in only): {figures["signed-in HTTP, no INSERT requests/s"]:F0} requests/s");
            figures["pgbench -c 8 tps"] = await PgbenchAsync(host.ConnectionString, script, 8);
            Console.WriteLine($"  pgbench -n -c 8 -j 2 -T {PgbenchDuration.TotalSeconds:F0}: {figures["pgbench -c 8 tps"]:F0} tps");
        }

        repeated.Ratio("check-ins ÷ pgbench -c 8", "check-ins/s", "pgbench -c 8 tps", "≥ 0.50×");
        repeated.Ratio("check-ins ÷ bare HTTP + INSERT", "check-ins/s", "bare HTTP + INSERT requests/s", "≥ 0.85×");
        repeated.Ratio("signed-in HTTP + INSERT ÷ bare HTTP + INSERT", "signed-in HTTP + INSERT requests/s", "bare HTTP + INSERT requests/s", "");
        repeated.Ratio("signed-in HTTP, no INSERT ÷ bare HTTP + INSERT", "signed-in HTTP, no INSERT requests/s", "bare HTTP + INSERT requests/s", "");
        repeated.Ratio("check-ins ÷ signed-in HTTP + INSERT", "check-ins/s", "signed-in HTTP + INSERT requests/s", "");
        repeated.Ratio("pgbench -c 8 ÷ check-ins", "pgbench -c 8 tps", "check-ins/s", "");
        repeated.Ratio("bare HTTP + INSERT ÷ check-ins", "bare HTTP + INSERT requests/s", "check-ins/s", "");
        repeated.Ratio("allocated per check-in ÷ per bare request", "KB allocated per check-in", "KB allocated per bare request", "");
        var guarded = repeated.Summarise(
            ("check-ins/s", "/s", ""), ("check-in p99 ms", "ms", ""), ("bare HTTP + INSERT requests/s", "/s", ""), ("signed-in HTTP + INSERT requests/s", "/s", ""), ("signed-in HTTP, no INSERT requests/s", "/s", ""), ("pgbench -c 8 tps", "tps", ""),
            ("KB allocated per check-in", "KB", ""), ("KB allocated per bare request", "KB", ""));
        Console.WriteLine($"  {"every check-in recorded exactly once",-52} {(correct ? "yes" : "NO")}");
        return correct && guarded ? 0 : 1;
    }

    /// <summary>
    /// Every client checks in to each of 10 sessions at random moments within the minute; then 100 of those check-ins are
    /// scanned again with fresh codes and must answer "already recorded" and add nothing.
    /// </summary>
    private static async Task<bool> PacedAsync(BenchHost host, string admin, string[] cookies, List<Guid> paced)
    {
        var (data, http) = (host.Data, host.Http);
        var clients = cookies.Length;
        var random = new Random(5);
        var tokens = await QrAsync(http, admin, paced);
        var schedule = Enumerable.Range(0, clients).Select(_ => Enumerable.Range(0, SessionsPerPhase)
            .Select(s => (At: TimeSpan.FromMilliseconds(random.NextDouble() * PacedWindow.TotalMilliseconds), Session: s)).OrderBy(x => x.At).ToList()).ToList();
        var pacedShots = new ConcurrentBag<Shot>();
        var lags = new ConcurrentBag<double>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            foreach (var (at, s) in schedule[c])
            {
                if (at > watch.Elapsed)
                {
                    await Task.Delay(at - watch.Elapsed);
                }

                lags.Add((watch.Elapsed - at).TotalMilliseconds);
                pacedShots.Add(await CheckInAsync(http, cookies[c], tokens[s]));
            }
        }));
        var pacedWall = watch.Elapsed.TotalSeconds;
        var pacedStats = Report($"Paced: {clients * SessionsPerPhase:N0} check-ins at random moments within {PacedWindow.TotalSeconds:F0} s from {clients} clients",
            pacedShots, pacedWall);
        var lag = lags.Order().ToList();
        Console.WriteLine($"  send lag vs schedule p50 {P(lag, 0.5):F0} ms   p99 {P(lag, 0.99):F0} ms   max {lag[^1]:F0} ms   (how late the load generator sent)");
        Console.WriteLine($"  paced p99 (client / server) {pacedStats.P99:F1} / {pacedStats.ServerP99:F1} ms, target < {P99TargetMs:F0} ms: {(pacedStats.P99 < P99TargetMs ? "met" : "MISSED")}; " +
                          $"{pacedWall:F1} s for 2,000 in {PacedWindow.TotalSeconds:F0} s: {(pacedWall <= PacedWindow.TotalSeconds + 1 ? "met" : "MISSED")}");
        var pacedDb = await VerifyAsync(data, paced, clients);

        tokens = await QrAsync(http, admin, paced);
        var again = Enumerable.Range(0, clients * SessionsPerPhase).OrderBy(_ => random.Next()).Take(Resends).ToList();
        var resendShots = await Task.WhenAll(again.Select(k => CheckInAsync(http, cookies[k / SessionsPerPhase], tokens[k % SessionsPerPhase])));
        var resendAlready = resendShots.Count(s => s.Status == 200 && s.AlreadyRecorded);
        var afterResend = await ScalarAsync<long>(data, $"SELECT count(*) FROM training.attendance WHERE session_id = ANY({Ids(paced)}) AND kind = 'in'");
        Console.WriteLine($"  repeated scans       {Resends} sent at once: {resendAlready} answered alreadyRecorded, {Resends - resendAlready} did not; rows after: {afterResend:N0} (expected {clients * SessionsPerPhase:N0})");
        foreach (var failure in resendShots.Where(s => !(s.Status == 200 && s.AlreadyRecorded)).Select(s => s.Describe()).Distinct().Take(3))
        {
            Console.WriteLine($"    e.g. {failure}");
        }

        return pacedDb && pacedStats.Ok && resendAlready == Resends && afterResend == clients * SessionsPerPhase;
    }

    /// <summary>Each client's check-ins, one per session (starting at a different session per client), encoded once beforehand.</summary>
    private static byte[][][] CheckIns(int port, string[] cookies, string[] tokens, string path = "/api/v1/check-ins") =>
        [.. cookies.Select((cookie, c) => tokens.Select((_, k) => RawHttpConnection.Post(
            port, path, $"Cookie: {cookie}\r\nX-Device-Id: {DeviceOf(cookie)}\r\nUser-Agent: SkillgateBench/{DeviceOf(cookie)}\r\n",
            JsonSerializer.Serialize(new QrCheckInInput(tokens[(c + k) % tokens.Length], 31.2304, 121.4737), Json))).ToArray())];

    /// <summary>
    /// Every client sends its requests one after the other as fast as it gets answers, all starting together, each on its own
    /// keep-alive connection, as wrk would send them; with the methods the JIT compiled meanwhile.
    /// </summary>
    private static async Task<Burst> BurstAsync(int port, byte[][][] requests)
    {
        var connections = await Task.WhenAll(requests.Select(_ => RawHttpConnection.OpenAsync(port)));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var shots = new ConcurrentBag<Shot>();
        var clients = connections.Select(async (connection, c) =>
        {
            await gate.Task;
            foreach (var request in requests[c])
            {
                shots.Add(await CheckInAsync(connection, request));
            }
        }).ToList();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var collections = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        gate.SetResult();
        await Task.WhenAll(clients);
        var wall = watch.Elapsed.TotalSeconds;
        compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - compiled;
        var memory = new GcFigures(
            (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)requests.Sum(r => r.Length), [.. Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collections[g])]);
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        return new Burst(shots, wall, compiled, memory);
    }

    private sealed record Burst(ConcurrentBag<Shot> Shots, double Wall, long Compiled, GcFigures Memory);

    /// <summary>What the whole process (app, endpoint and load generator alike) allocated per request, and the collections meanwhile.</summary>
    private sealed record GcFigures(double BytesPerRequest, int[] Collections)
    {
        public override string ToString() =>
            $"{BytesPerRequest / 1024:F1} KB allocated per request (whole process), collections gen0 {Collections[0]}, gen1 {Collections[1]}, gen2 {Collections[2]}";
    }

    private static Stats Report(string title, IReadOnlyCollection<Shot> shots, double wall)
    {
        var latencies = shots.Select(s => s.Ms).Order().ToList();
        var server = shots.Where(s => s.ServerMs is not null).Select(s => s.ServerMs!.Value).Order().ToList();
        var recorded = shots.Count(s => s.Status == 200 && !s.AlreadyRecorded);
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine($"  wall time            {wall:F2} s");
        Console.WriteLine($"  rate                 {shots.Count / wall:F1} check-ins/s");
        Console.WriteLine($"  latency (client)     p50 {P(latencies, 0.5):F1} ms   p95 {P(latencies, 0.95):F1} ms   p99 {P(latencies, 0.99):F1} ms   max {latencies[^1]:F1} ms");
        Console.WriteLine($"  server time          p50 {P(server, 0.5):F1} ms   p95 {P(server, 0.95):F1} ms   p99 {P(server, 0.99):F1} ms   max {(server.Count > 0 ? server[^1] : double.NaN):F1} ms   (Server-Timing)");
        Console.WriteLine($"  HTTP status          {string.Join(", ", shots.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no response" : g.Key.ToString(CultureInfo.InvariantCulture))} × {g.Count():N0}"))}; " +
                          $"new check-ins {shots.Count(s => s.Status == 200 && !s.AlreadyRecorded):N0}, answered already recorded {shots.Count(s => s.Status == 200 && s.AlreadyRecorded):N0}");
        foreach (var failure in shots.Where(s => s.Status != 200).Select(s => s.Describe()).Distinct().Take(5))
        {
            Console.WriteLine($"    e.g. {failure}");
        }

        return new Stats(shots.Count / wall, P(latencies, 0.99), P(server, 0.99), recorded == shots.Count);
    }

    /// <summary>Every invited employee has exactly one check-in per session, taken by QR; prints what is missing or doubled.</summary>
    private static async Task<bool> VerifyAsync(NpgsqlDataSource data, List<Guid> sessions, int clients)
    {
        var ids = Ids(sessions);
        var rows = await ScalarAsync<long>(data, $"SELECT count(*) FROM training.attendance WHERE session_id = ANY({ids}) AND kind = 'in'");
        var doubled = await ScalarAsync<long>(data, $"""
            SELECT count(*) FROM (SELECT 1 FROM training.attendance WHERE session_id = ANY({ids}) AND kind = 'in' GROUP BY session_id, employee_id HAVING count(*) > 1) d
            """);
        var missing = await ScalarAsync<long>(data, $"""
            SELECT count(*) FROM training.participant p WHERE p.session_id = ANY({ids}) AND p.status = 'invited'
              AND NOT EXISTS (SELECT 1 FROM training.attendance a WHERE a.session_id = p.session_id AND a.employee_id = p.employee_id AND a.kind = 'in')
            """);
        var notQr = await ScalarAsync<long>(data, $"SELECT count(*) FROM training.attendance WHERE session_id = ANY({ids}) AND kind = 'in' AND method <> 'qr'");
        var flagged = await ScalarAsync<long>(data, $"SELECT count(*) FROM training.attendance WHERE session_id = ANY({ids}) AND kind = 'in' AND cardinality(flags) > 0");
        var expected = clients * sessions.Count;
        Console.WriteLine($"  database             {rows:N0} 'in' rows (expected {expected:N0}), lost {missing:N0}, duplicated {doubled:N0}, not by QR {notQr:N0}, flagged {flagged:N0}");
        return rows == expected && missing == 0 && doubled == 0 && notQr == 0;
    }

    private static async Task<Shot> CheckInAsync(HttpClient http, string cookie, string token)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await SendRawAsync(http, cookie, HttpMethod.Post, "/api/v1/check-ins", new QrCheckInInput(token, 31.2304, 121.4737));
            var body = await response.Content.ReadAsStringAsync();
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var server = ServerMs(response);
            return response.StatusCode == HttpStatusCode.OK
                ? new Shot(ms, server, 200, JsonSerializer.Deserialize<CheckInResult>(body, Json)!.AlreadyRecorded, null)
                : new Shot(ms, server, (int)response.StatusCode, false, body[..Math.Min(body.Length, 300)]);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Shot(Stopwatch.GetElapsedTime(started).TotalMilliseconds, null, 0, false, e.GetType().Name + ": " + e.Message);
        }
    }

    private static async Task<Shot> CheckInAsync(RawHttpConnection connection, byte[] request)
    {
        var started = Stopwatch.GetTimestamp();
        var (status, server, body) = await connection.SendAsync(request);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return status == 200
            ? new Shot(ms, server, 200, body.Contains("\"alreadyRecorded\":true", StringComparison.Ordinal), null)
            : new Shot(ms, server, status, false, body[..Math.Min(body.Length, 300)]);
    }

    /// <summary>The current code of each session, as its screen would show it.</summary>
    private static async Task<string[]> QrAsync(HttpClient http, string cookie, List<Guid> sessions)
    {
        var tokens = new string[sessions.Count];
        for (var i = 0; i < sessions.Count; i++)
        {
            tokens[i] = (await GetAsync<QrCodeDto>(http, cookie, $"/api/v1/sessions/{sessions[i]}/qr")).Token;
        }

        return tokens;
    }

    private static async Task<double> PgbenchAsync(string connectionString, string script, int clients)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(PgbenchBinary())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "-h", connection.Host!, "-p", connection.Port.ToString(CultureInfo.InvariantCulture), "-U", connection.Username!, "-n",
                "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", PgbenchDuration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                "-f", script, connection.Database!,
            },
        };
        start.Environment["PGPASSWORD"] = connection.Password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var tps = Regex.Match(await output, @"tps = ([\d.]+)");
        return process.ExitCode == 0 && tps.Success
            ? double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench -c {clients} failed ({process.ExitCode}): {await output} {await error}");
    }

    /// <summary>The pgbench of the newest installed PostgreSQL (the one the embedded server runs), else the one on PATH.</summary>
    private static string PgbenchBinary()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions.OrderDescending(StringComparer.Ordinal).Select(v => Path.Combine(v, "bin", "pgbench")).FirstOrDefault(File.Exists) ?? "pgbench";
    }

    private static string Ids(IEnumerable<Guid> ids) => $"'{{{string.Join(",", ids)}}}'::uuid[]";

    /// <summary>One check-in as the client saw it: latency, server time, HTTP status (0: no response) and whether it was a repeat.</summary>
    private sealed record Shot(double Ms, double? ServerMs, int Status, bool AlreadyRecorded, string? Error)
    {
        public string Describe() => Status switch
        {
            0 => $"no response: {Error}",
            200 => $"200, alreadyRecorded {AlreadyRecorded}",
            _ => $"{Status.ToString(CultureInfo.InvariantCulture)}: {Error}",
        };
    }

    private sealed record Stats(double Rate, double P99, double ServerP99, bool Ok);
}
