using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Data;
using static BenchClient;

/// <summary>
/// Points at plant scale (issue 21): 10,000 employees on 50 lines and 1,000,000 ledger entries over twelve months. The bench
/// prints the server time (Server-Timing) of the plant's and a line's monthly board, 20 times each, against 100 ms; and what a
/// points award adds to recording a course completion: the completion recorded in process through the learning module's own
/// service, 200 times with the points listener and 200 times without it, alternating, each in a transaction rolled back.
/// </summary>
internal static class PointsBench
{
    private const int Lines = 50;
    private const int Months = 12;

    public static async Task RunAsync(int employees, int entries)
    {
        await using var host = await BenchHost.StartAsync("p");
        var (data, baseUri, http) = (host.Data, host.BaseUri, host.Http);
        if (!(host.Kept && await ScalarAsync<bool>(data, "SELECT EXISTS (SELECT 1 FROM points.entry)")))
        {
            await GenerateAsync(host, employees, entries);
        }
        else
        {
            Console.WriteLine($"Reusing the plant generated in {host.Folder}");
        }

        var hr = await SignInAsync(baseUri, "benchhr");
        var plant = await ScalarAsync<Guid>(data, "SELECT id FROM org.org_unit WHERE code = 'PB'");
        var line = await ScalarAsync<Guid>(data, "SELECT id FROM org.org_unit WHERE code = 'PB-L001'");
        // The last whole month: this month may have only begun.
        var month = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var monthEntries = await ScalarAsync<long>(data, "SELECT count(*) FROM points.entry WHERE month = (date_trunc('month', now()) - interval '1 month')::date");
        var plantMs = await BoardAsync(http, hr, plant, month);
        var lineMs = await BoardAsync(http, hr, line, month);
        var (with, without) = await AwardOverheadAsync(host);
        var (paidWith, paidWithout) = await ProofAsync(host);
        var added = with.Zip(without, (a, b) => a - b).Order().ToList();
        with.Sort();
        without.Sort();

        Console.WriteLine();
        Console.WriteLine("Summary (loopback; app and PostgreSQL on the same machine)");
        Console.WriteLine($"  {"measure",-72} {"result",-10} {"target",-10} verdict");
        Console.WriteLine($"  {$"ledger entries / entries of the board's month ({month})",-72} {$"{entries:N0} / {monthEntries:N0}",-10}");
        Console.WriteLine($"  {"plant's monthly board (top 10 of 10,000), server, median of 20 (ms)",-72} {P(plantMs, 0.5),-10:F1} {"< 100 ms",-10} {(P(plantMs, 0.5) < 100 ? "met" : "MISSED")}");
        Console.WriteLine($"  {"plant's monthly board, server, p95 of 20 (ms)",-72} {P(plantMs, 0.95),-10:F1} {"-",-10} -");
        Console.WriteLine($"  {"a line's monthly board, server, median of 20 (ms)",-72} {P(lineMs, 0.5),-10:F1} {"< 100 ms",-10} {(P(lineMs, 0.5) < 100 ? "met" : "MISSED")}");
        Console.WriteLine($"  {"entries one committed completion wrote, with / without the listener",-72} {$"{paidWith} / {paidWithout}",-10} {"1 / 0",-10} {(paidWith == 1 && paidWithout == 0 ? "met" : "MISSED")}");
        Console.WriteLine($"  {"recording a completion with the points award, median of 200 (ms)",-72} {P(with, 0.5),-10:F2} {"-",-10} -");
        Console.WriteLine($"  {"recording a completion without it, median of 200 (ms)",-72} {P(without, 0.5),-10:F2} {"-",-10} -");
        Console.WriteLine($"  {"added by the award, median of the 200 paired differences (ms)",-72} {P(added, 0.5),-10:F2} {"< 2 ms",-10} {(P(added, 0.5) < 2 ? "met" : "MISSED")}");
        Console.WriteLine($"  {"added by the award, p95 of the paired differences (ms)",-72} {P(added, 0.95),-10:F2} {"-",-10} -");
    }

    private static async Task<List<double>> BoardAsync(HttpClient http, string cookie, Guid unit, string month)
    {
        var times = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            using var response = await SendRawAsync(http, cookie, HttpMethod.Get, $"/api/v1/points/boards?orgUnitId={unit}&month={month}", null);
            response.EnsureSuccessStatusCode();
            if (i > 0)
            {
                times.Add(ServerMs(response) ?? double.NaN);
            }
        }

        times.Sort();
        return times;
    }

    /// <summary>Each completion in its own scope and transaction, rolled back, for a different person each time (no cap is reached).</summary>
    private static async Task<(List<double> With, List<double> Without)> AwardOverheadAsync(BenchHost host)
    {
        var course = await ScalarAsync<Guid>(host.Data, "SELECT id FROM learning.course WHERE code = 'PB-COURSE'");
        var people = new List<Guid>();
        await using (var reader = await host.Data.CreateCommand("SELECT id FROM org.employee WHERE employee_no LIKE 'P%' ORDER BY employee_no LIMIT 420").ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                people.Add(reader.GetGuid(0));
            }
        }

        var with = new List<double>();
        var without = new List<double>();
        for (var i = 0; i < 210; i++)
        {
            foreach (var listening in new[] { i % 2 == 0, i % 2 != 0 })
            {
                await using var scope = host.App.Services.CreateAsyncScope();
                var completions = listening
                    ? scope.ServiceProvider.GetRequiredService<CourseCompletionService>()
                    : WithoutListeners(scope.ServiceProvider);
                await using var tx = await scope.ServiceProvider.GetRequiredService<UnitOfWork>().BeginAsync(CancellationToken.None);
                var watch = Stopwatch.StartNew();
                await completions.CompleteAsync(course, people[(2 * i) + (listening ? 0 : 1)], "external", DateOnly.FromDateTime(DateTime.UtcNow), null, CancellationToken.None);
                var ms = watch.Elapsed.TotalMilliseconds;
                if (i >= 10)
                {
                    (listening ? with : without).Add(ms);
                }
            }
        }

        return (with, without);
    }

    /// <summary>The learning module's completion service as DI builds it, but told of no listener (no points are paid).</summary>
    private static CourseCompletionService WithoutListeners(IServiceProvider sp) => new(
        sp.GetRequiredService<Skillgate.Modules.Learning.LearningDb>(), sp.GetRequiredService<Skillgate.Modules.Competence.Contracts.ICompetenceRecorder>(),
        sp.GetRequiredService<Skillgate.Modules.Competence.Contracts.ICreditsStandingRefresh>(), [],
        sp.GetRequiredService<Skillgate.Platform.Notifications.NotificationService>(), sp.GetRequiredService<Skillgate.Platform.Audit.AuditActor>(),
        sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Skillgate.Platform.Localization.Texts>());

    /// <summary>That the two arms differ: one completion committed with the listener writes an entry, one without writes none.</summary>
    private static async Task<(long With, long Without)> ProofAsync(BenchHost host)
    {
        var course = await ScalarAsync<Guid>(host.Data, "SELECT id FROM learning.course WHERE code = 'PB-COURSE'");
        var counts = new List<long>();
        foreach (var (listening, no) in new[] { (true, "P0009990"), (false, "P0009991") })
        {
            var person = await ScalarAsync<Guid>(host.Data, $"SELECT id FROM org.employee WHERE employee_no = '{no}'");
            await using var scope = host.App.Services.CreateAsyncScope();
            var completions = listening
                ? scope.ServiceProvider.GetRequiredService<CourseCompletionService>()
                : WithoutListeners(scope.ServiceProvider);
            await using (var tx = await scope.ServiceProvider.GetRequiredService<UnitOfWork>().BeginAsync(CancellationToken.None))
            {
                await completions.CompleteAsync(course, person, "external", DateOnly.FromDateTime(DateTime.UtcNow), null, CancellationToken.None);
                await tx.CommitAsync(CancellationToken.None);
            }

            counts.Add(await ScalarAsync<long>(host.Data, $"SELECT count(*) FROM points.entry WHERE employee_id = '{person}' AND source_type = 'completion'"));
        }

        return (counts[0], counts[1]);
    }

    /// <summary>The plant through the API (units, an HR user), people, a published course and the ledger in PostgreSQL.</summary>
    private static async Task GenerateAsync(BenchHost host, int employees, int entries)
    {
        var (data, baseUri, http) = (host.Data, host.BaseUri, host.Http);
        var admin = await SignInAsync(baseUri, "admin");
        var plant = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = "PB", name = "积分基准工厂", unitType = "plant", parentId = (Guid?)null, functions = new[] { "production" } });
        var workshop = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = "PB-W", name = "装配车间", unitType = "workshop", parentId = plant, functions = new[] { "production" } });
        await CreateUserAsync(http, admin, data, "benchhr", ["HR"], scopeAll: true, employeeId: null);
        for (var l = 1; l <= Lines; l++)
        {
            var line = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = $"PB-L{l:D3}", name = $"装配线 {l}", unitType = "line", parentId = workshop, functions = new[] { "production" } });
            await PostIdAsync(http, admin, "/api/v1/positions", new { code = $"PB-POS-{l:D3}", name = "装配工", orgUnitId = line });
        }

        var load = Stopwatch.StartNew();
        await ExecuteAsync(data, $"""
            SET synchronous_commit = off;
            CREATE TABLE public.pb_line AS
                SELECT row_number() OVER (ORDER BY u.code) - 1 AS n, u.id AS line_id, p.id AS position_id
                FROM org.org_unit u JOIN org.position p ON p.org_unit_id = u.id WHERE u.code LIKE 'PB-L%';
            INSERT INTO org.employee (id, employee_no, name, org_unit_id, position_id, hire_date, status)
            SELECT ('00000000-0000-7000-c000-' || lpad(to_hex(i), 12, '0'))::uuid, 'P' || lpad(i::text, 7, '0'), '装配工' || i, l.line_id, l.position_id, current_date - 800, 'active'
            FROM generate_series(0, {employees - 1}) i JOIN public.pb_line l ON l.n = i % {Lines};
            INSERT INTO learning.course (id, code, title, kind, class_hours, author_id, status, published_at, created_at)
            SELECT gen_random_uuid(), 'PB-COURSE', '装配工艺', 'external', 2, id, 'published', now(), now() FROM auth.app_user WHERE user_name = 'admin';
            INSERT INTO points.entry (id, employee_id, org_unit_id, points, rule_code, category, source_type, source_id, pay_key, occurred_at, day, reason, recorded_by)
            SELECT gen_random_uuid(), e.id, e.org_unit_id, s.points, (ARRAY['class_hours', 'exam', 'skill_applied', 'note'])[1 + s.g % 4],
                   (ARRAY['participation', 'results', 'growth', 'participation'])[1 + s.g % 4], 'generated', gen_random_uuid(), 'generated:' || s.g,
                   s.day::timestamp AT TIME ZONE 'UTC', s.day, 'generated', 'bench'
            FROM (SELECT g, floor(random() * {employees})::int AS k, 1 + floor(random() * 30)::int AS points,
                         (date_trunc('month', now()) - interval '{Months - 1} months')::date + floor(random() * ((current_date - (date_trunc('month', now()) - interval '{Months - 1} months')::date) + 1))::int AS day
                  FROM generate_series(1, {entries}) g) s
            JOIN org.employee e ON e.id = ('00000000-0000-7000-c000-' || lpad(to_hex(s.k), 12, '0'))::uuid;
            ANALYZE;
            """);
        Console.WriteLine($"Generated in PostgreSQL: {employees:N0} employees and {entries:N0} ledger entries over {Months} months: {load.Elapsed.TotalSeconds:F0} s");
    }
}
