using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Audit;
using static BenchClient;

/// <summary>
/// The plant at full size, five years in: the competence bench's 100,000 employees (20 workshops of 5,000), 10 million operation
/// records, and five years of training — each person invited to one session a month (10 sessions per workshop and month, 500
/// people each), 95 % of them checked in — with an audit record per check-in, chained by the production sequencer. Then the
/// main pages and reports are timed (server time, median of 10 after a first request) and <c>verify-audit</c> walks the chain.
/// The audit and attendance tables are not partitioned: the figures show what that costs at this size.
/// </summary>
internal static class ScaleBench
{
    private const int Years = 5;
    private const int SessionsPerMonth = 10;

    public static async Task RunAsync(int employees, long operations)
    {
        await using var host = await BenchHost.StartAsync("scale");
        var (data, baseUri, http) = (host.Data, host.BaseUri, host.Http);
        if (await ScalarAsync<long>(data, "SELECT count(*) FROM auth.app_user WHERE user_name = 'shr'") == 0)
        {
            await GenerateAsync(host, employees, operations);
        }

        Console.WriteLine("Sizes:");
        foreach (var table in new[] { "org.employee", "quality.operation_record", "training.session", "training.participant", "training.attendance", "audit.event" })
        {
            var rows = await ScalarAsync<long>(data, $"SELECT reltuples::bigint FROM pg_class WHERE oid = '{table}'::regclass");
            var size = await ScalarAsync<string>(data, $"SELECT pg_size_pretty(pg_total_relation_size('{table}'))");
            Console.WriteLine($"  {table,-28} {rows,14:N0} rows  {size,10} with indexes");
        }

        var workshop = "00000000-0000-0000-0001-000000000002";
        var person = await ScalarAsync<Guid>(data, "SELECT id FROM org.employee WHERE employee_no = 'B0000002'");
        var lastMonth = DateTime.UtcNow.AddMonths(-1);
        var (from, to) = ($"{lastMonth:yyyy-MM}-01", $"{lastMonth:yyyy-MM}-{DateTime.DaysInMonth(lastMonth.Year, lastMonth.Month):D2}");
        Console.WriteLine("Server time, median and max of 10 requests after a first one:");
        await HomeBench.MeasureAsync(host, "shr", "/", "HR home over 100,000");
        await HomeBench.MeasureAsync(host, "shead", "/", "head of a 5,000-person workshop: home");
        await HomeBench.MeasureAsync(host, "sworker", "/", "worker's home (five years of their own training)");
        await HomeBench.MeasureAsync(host, "shr", $"/api/v1/matrix?orgUnitId={workshop}", "training matrix of a 5,000-person workshop");
        await HomeBench.MeasureAsync(host, "shr", $"/api/v1/attendance/report?from={from}&to={to}", "attendance report, last month (all units)");
        await HomeBench.MeasureAsync(host, "shr", $"/api/v1/attendance/report?from={DateTime.UtcNow.Year - 1}-01-01&to={DateTime.UtcNow.Year - 1}-12-31", "attendance report, last year (all units)");
        await HomeBench.MeasureAsync(host, "shr", $"/api/v1/sessions?from={from}T00:00:00Z&to={to}T23:59:59Z", "sessions of last month, first page");
        await HomeBench.MeasureAsync(host, "shr", $"/api/v1/sessions?page=500", "sessions, page 500 of all five years");
        await HomeBench.MeasureAsync(host, "shr", $"/api/v1/training/reports/monthly?orgUnitId={workshop}&month={lastMonth:yyyy-MM}", "monthly report PDF of a workshop");
        await HomeBench.MeasureAsync(host, "sadmin", "/api/v1/audit", "audit trail, newest page");
        await HomeBench.MeasureAsync(host, "sadmin", "/api/v1/audit?entityType=attendance&page=2000", "audit trail of check-ins, page 2,000");
        await HomeBench.MeasureAsync(host, "sadmin", $"/api/v1/employees/{person}/history", "one employee's audit history");
        await HomeBench.MeasureAsync(host, "sadmin", "/Admin/Audit", "audit page (HTML)");

        var log = host.App.Services.GetRequiredService<CheckpointLog>();
        var watch = Stopwatch.StartNew();
        var result = await AuditVerifier.VerifyAsync(data, log, TimeSpan.FromDays(3650));
        Console.WriteLine($"verify-audit: {(result.Intact ? "intact" : "BROKEN at " + result.FirstBrokenSeq)}, {result.RowsChecked:N0} rows in {watch.Elapsed.TotalSeconds:F1} s " +
                          $"({result.RowsChecked / watch.Elapsed.TotalSeconds:N0} rows/s), {result.CheckpointsChecked} checkpoints");
    }

    private static async Task GenerateAsync(BenchHost host, int employees, long operations)
    {
        var (data, baseUri, http) = (host.Data, host.BaseUri, host.Http);
        var watch = Stopwatch.StartNew();
        await CompetenceBench.GenerateAsync(data, employees);
        await ExecuteAsync(data, "SELECT competence.refresh(NULL, NULL, current_date, 30, now())");
        Console.WriteLine($"{employees:N0} employees, 15 requirements each, statuses: {watch.Elapsed.TotalSeconds:F0} s");

        var admin = await SignInAsync(baseUri, "admin");
        await CreateUserAsync(http, admin, data, "sworker", ["Employee"], false, await ScalarAsync<Guid>(data, "SELECT id FROM org.employee WHERE employee_no = 'B0000002'"));
        await PostIdAsync(http, admin, "/api/v1/users", new
        {
            userName = "shead", displayName = "shead", password = Password, roles = new[] { "DepartmentHead" }, scopeAll = false,
            scopeOrgUnitIds = new[] { Guid.Parse("00000000-0000-0000-0001-000000000002") },
        });
        await ExecuteAsync(data, "UPDATE auth.app_user SET must_change_password = false WHERE user_name = 'shead'");
        await CreateUserAsync(http, admin, data, "sadmin", ["Administrator"], true, null);
        foreach (var name in new[] { "sqa1", "sqa2" })
        {
            await CreateUserAsync(http, admin, data, name, ["QA"], true, null);
        }

        var (author, approver) = (await SignInAsync(baseUri, "sqa1"), await SignInAsync(baseUri, "sqa2"));
        var course = await PostIdAsync(http, author, "/api/v1/courses", new CourseInput("SC-QR", "五年培训课程", "classroom", 2, "基准课程", null, 10, 0m, RequiresExam: false));
        await SendAsync(http, author, HttpMethod.Post, $"/api/v1/courses/{course}/submit", null);
        await SendAsync(http, approver, HttpMethod.Post, $"/api/v1/courses/{course}/approve", new ApproveInput(Password, "批准发布", null));

        watch.Restart();
        await OperationRecords.LoadAsync(data, operations, lineCodes: "BW-%", employeePrefix: "B", prefix: "SC");
        Console.WriteLine($"{operations:N0} operation records with their indexes: {watch.Elapsed.TotalSeconds:F0} s");

        // Five years of sessions: 10 per workshop and month; person i of a workshop is invited to its session (i / 20) % 10.
        watch.Restart();
        await ExecuteAsync(data, $"""
            SET synchronous_commit = off;
            CREATE TABLE public.sc_session AS
            SELECT gen_random_uuid() AS id, w.id AS unit, k AS slot,
                   date_trunc('month', now()) - make_interval(months => m) + make_interval(days => k, hours => 8) AS starts_at
            FROM org.org_unit w, generate_series(1, {12 * Years}) m, generate_series(0, {SessionsPerMonth - 1}) k WHERE w.code LIKE 'BW-%';
            INSERT INTO training.session (id, course_id, title, org_unit_id, starts_at, ends_at, capacity, status, qr_secret, created_by, created_at)
            SELECT id, '{course}', '月度培训 ' || to_char(starts_at, 'YYYY-MM') || ' #' || slot, unit, starts_at, starts_at + interval '2 hours', 1000, 'closed',
                   decode(md5(id::text), 'hex'), 'bench', starts_at - interval '7 days'
            FROM public.sc_session;
            CREATE TABLE public.sc_person AS
            SELECT id, org_unit_id AS unit, ((row_number() OVER (PARTITION BY org_unit_id ORDER BY employee_no) - 1) / 20) % {SessionsPerMonth} AS slot
            FROM org.employee WHERE employee_no LIKE 'B%';
            CREATE INDEX ON public.sc_person (unit, slot);
            """);
        var months = 12 * Years;
        for (var m = 1; m <= months; m++)
        {
            await ExecuteAsync(data, $$"""
                SET synchronous_commit = off;
                CREATE TEMP TABLE sc_month AS
                SELECT s.id AS session_id, p.id AS employee_id, s.starts_at, random() < 0.95 AS came, random() AS r
                FROM public.sc_session s JOIN public.sc_person p ON p.unit = s.unit AND p.slot = s.slot
                WHERE s.starts_at >= date_trunc('month', now()) - make_interval(months => {{m}}) AND s.starts_at < date_trunc('month', now()) - make_interval(months => {{m - 1}});
                INSERT INTO training.participant (session_id, employee_id, status, source, invited_at)
                SELECT session_id, employee_id, 'invited', 'plan', starts_at - interval '7 days' FROM sc_month;
                CREATE TEMP TABLE sc_in AS
                SELECT gen_random_uuid() AS id, session_id, employee_id, starts_at - interval '5 minutes' + r * interval '20 minutes' AS at FROM sc_month WHERE came;
                INSERT INTO training.attendance (id, session_id, employee_id, kind, method, at, recorded_at, recorded_by, device, ip, flags)
                SELECT id, session_id, employee_id, 'in', 'qr', at, at, 'bench', 'phone', '10.0.0.1', '{}' FROM sc_in;
                INSERT INTO audit.event (id, occurred_at, actor_id, actor_name, action, entity_type, entity_id, before, after)
                SELECT gen_random_uuid(), at, NULL, '员工', 'created', 'attendance', id, NULL,
                       jsonb_build_object('sessionId', session_id, 'employeeId', employee_id, 'kind', 'in', 'method', 'qr', 'at', at)
                FROM sc_in ORDER BY at;
                DROP TABLE sc_month, sc_in;
                """);
            if (m % 12 == 0)
            {
                Console.WriteLine($"  {m} months of sessions, invitations, check-ins and their audit records: {watch.Elapsed.TotalSeconds:F0} s");
            }
        }

        await ExecuteAsync(data, "DROP TABLE public.sc_session, public.sc_person");
        watch.Restart();
        // The app's own sequencer runs beside this loop: -1 means it holds the turn, so wait for it rather than stop.
        long chained = 0;
        while (await ScalarAsync<long>(data, "SELECT count(*) FROM audit.event WHERE seq IS NULL") > 0)
        {
            var n = await ScalarAsync<int>(data, "SELECT audit.sequence(50000)");
            chained += Math.Max(n, 0);
            if (n < 0)
            {
                await Task.Delay(100);
            }
        }

        Console.WriteLine($"The production sequencer (this loop and the app's job together) chained the audit records in {watch.Elapsed.TotalSeconds:F0} s, {chained:N0} of them here");
        await host.App.Services.GetRequiredService<AuditChain>().CheckpointAsync(force: true, CancellationToken.None);
        await ExecuteAsync(data, "VACUUM ANALYZE");
        await CreateUserAsync(http, admin, data, "shr", ["HR"], true, null);
    }
}
