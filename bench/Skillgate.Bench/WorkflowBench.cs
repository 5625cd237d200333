using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Modules.Workflow.Sla;
using static BenchClient;

/// <summary>
/// The workflow escalation job at scale. Through the API: two plants of ten workshops each, a production manager per plant (scoped to
/// it), a production director per plant, a Sales and a QA user, and one real CAPA complaint started by Sales and moved by QA to its
/// containment step (ProductionManager, function production, 24 calendar hours, then the director). That open task's shape is cloned
/// in PostgreSQL (generate_series) to N open instances (100,000 by default) over the 20 workshops, each with one open containment
/// task, none due yet. Then one <see cref="EscalationJob.RunOnceAsync"/> per phase, timed with a stopwatch:
/// (1) quiet pass: nothing due, so the pass is the index range check of task_check_ix over all open instances;
/// (2) normal day: 5 % of the tasks were received 25 h ago and are past their limit: breaches, escalations, notifications;
/// (3) backlog (e.g. after an outage): all the remaining tasks are due at once;
/// (4) a second pass right after finds nothing, and no escalation or notification exists twice;
/// (5) two passes at once (two nodes) over 20,000 fresh due tasks: each breach, escalation and notification recorded exactly once.
/// VACUUM ANALYZE runs before each measured pass (autovacuum's part in a running system). The background loop is held off (poll of a day).
/// </summary>
internal static class WorkflowBench
{
    private const int Workshops = 20;
    private const int Fresh = 20_000;
    private const double TargetSeconds = 2;

    public static async Task RunAsync(int open)
    {
        await using var host = await BenchHost.StartAsync("wf", "--Skillgate:Workflow:EscalationPollSeconds=86400");
        var (data, baseUri, http) = (host.Data, host.BaseUri, host.Http);
        var job = host.App.Services.GetRequiredService<EscalationJob>();
        var admin = await SignInAsync(baseUri, "admin");
        var setup = Stopwatch.StartNew();

        // Two plants of ten workshops; a production manager scoped to each plant and a production director over it.
        for (var p = 1; p <= 2; p++)
        {
            var plant = await PostIdAsync(http, admin, "/api/v1/org-units", new { code = $"WB-P{p}", name = $"基准工厂 {p}", unitType = "plant", parentId = (Guid?)null, functions = new[] { "production" } });
            for (var w = 1; w <= Workshops / 2; w++)
            {
                await PostIdAsync(http, admin, "/api/v1/org-units", new { code = $"WB-P{p}-W{w:D2}", name = $"工厂 {p} 车间 {w}", unitType = "workshop", parentId = plant, functions = new[] { "production" } });
            }

            await PostIdAsync(http, admin, "/api/v1/users", new
            {
                userName = $"wbpm{p}", displayName = $"生产经理 {p}", password = Password, roles = new[] { "ProductionManager" }, employeeId = (Guid?)null, scopeAll = false, scopeOrgUnitIds = new[] { plant },
            });
            await ExecuteAsync(data, $"UPDATE auth.app_user SET must_change_password = false WHERE user_name = 'wbpm{p}'");
            await CreateUserAsync(http, admin, data, $"wbdir{p}", ["DepartmentHead"], scopeAll: true, employeeId: null);
            var director = await ScalarAsync<Guid>(data, $"SELECT id FROM auth.app_user WHERE user_name = 'wbdir{p}'");
            await SendAsync(http, admin, HttpMethod.Put, "/api/v1/workflow/directors", new { orgUnitId = plant, function = "production", userId = director });
        }

        await CreateUserAsync(http, admin, data, "wbsales", ["Sales"], scopeAll: true, employeeId: null);
        await CreateUserAsync(http, admin, data, "wbqa", ["QA"], scopeAll: true, employeeId: null);
        await ExecuteAsync(data, "INSERT INTO quality.batch (id, code, product, line_id, created_at) SELECT gen_random_uuid(), 'WB-0001', '支架总成', id, now() FROM org.org_unit WHERE code = 'WB-P1-W01'");

        // One real CAPA: Sales files the complaint, QA investigates and approves, so the containment task is opened by the engine.
        var firstWorkshop = await ScalarAsync<Guid>(data, "SELECT id FROM org.org_unit WHERE code = 'WB-P1-W01'");
        var sales = await SignInAsync(baseUri, "wbsales");
        var qa = await SignInAsync(baseUri, "wbqa");
        var started = JsonSerializer.Deserialize<JsonElement>(await SendAsync(http, sales, HttpMethod.Post, "/api/v1/workflow/instances", new
        {
            definition = "CAPA", orgUnitId = firstWorkshop, title = "客户投诉：支架焊点开裂",
            form = new Dictionary<string, string?> { ["customer"] = "基准客户", ["batch"] = "WB-0001", ["description"] = "交付批次中 3 件支架焊点开裂" },
        }));
        var instanceId = started.GetProperty("id").GetGuid();
        var investigate = started.GetProperty("openTaskId").GetGuid();
        var moved = JsonSerializer.Deserialize<JsonElement>(await SendAsync(http, qa, HttpMethod.Post, $"/api/v1/workflow/instances/{instanceId}/tasks/{investigate}/complete", new
        {
            outcome = "approve", form = new Dictionary<string, string?> { ["rootCause"] = "焊接电流漂移，首件检验未覆盖" },
        }));
        var realTask = moved.GetProperty("openTaskId").GetGuid();
        var shape = (await ListAsync(data, $"""
            SELECT step_key || ' (step ' || step_index || ', role ' || role || ', function ' || function || ', limit ' || (due_at - received_at) || ', escalations ' || escalations::text || ')'
            FROM workflow.task WHERE id = '{realTask}' AND status = 'open'
            """)).Single();
        Say($"Set-up through the API (2 plants, {Workshops} workshops, managers, directors, users, one CAPA moved to containment): {setup.Elapsed.TotalSeconds:F1} s");
        Say($"  real open task: {shape}");
        var warm = await job.RunOnceAsync(CancellationToken.None);
        Say($"  warm-up pass over the real instance only: {warm.Checked} checked");

        var load = Stopwatch.StartNew();
        await CloneAsync(data, instanceId, realTask, 1, open);
        await VacuumAsync(data);
        var openInstances = await ScalarAsync<long>(data, "SELECT count(*) FROM workflow.instance WHERE status = 'open'");
        var openTasks = await ScalarAsync<long>(data, "SELECT count(*) FROM workflow.task WHERE status = 'open'");
        Say($"Cloned in PostgreSQL: {open:N0} open instances with one open containment task each over {Workshops} workshops, received 1–23 h ago, due in 1–23 h: {load.Elapsed.TotalSeconds:F1} s");
        Say($"  open instances {openInstances:N0}, open tasks {openTasks:N0}");

        // 1. Quiet pass: nothing due.
        var quiet = await PassAsync(job);
        Say($"1. Quiet pass (nothing due): {quiet.Ms:F1} ms, {quiet.Run.Checked} checked; {openInstances:N0} open instances / elapsed = {openInstances / quiet.Seconds:N0} instances/s (the index range check of task_check_ix: no due task is read)");

        // 2. Normal day: 5 % (one in 20, spread over every workshop) received 25 h ago, past their 24 h limit.
        var dueToday = await MakeDueAsync(data, realTask, $"t.id IN (SELECT {TaskId("n")} FROM generate_series(1, {open}) n WHERE n % 20 = (n / 20) % 20)");
        await VacuumAsync(data);
        var before = await NotificationsAsync(data);
        var day = await PassAsync(job);
        var dayNotifications = await NotificationsAsync(data) - before;
        Say($"2. Normal day ({dueToday:N0} of {openInstances:N0} past their limit): {day.Ms:F0} ms, {day.Run.Checked:N0} checked, {day.Run.Breaches:N0} breaches, {day.Run.Escalations:N0} escalations, {dayNotifications:N0} notifications; {openInstances / day.Seconds:N0} open instances covered/s, {day.Run.Checked / day.Seconds:N0} due tasks/s");

        // 3. Backlog: every other task due at once (e.g. the job was down for a day).
        var backlogDue = await MakeDueAsync(data, realTask, $"t.id IN (SELECT {TaskId("n")} FROM generate_series(1, {open}) n) AND t.next_check_at > now()");
        await VacuumAsync(data);
        before = await NotificationsAsync(data);
        var backlog = await PassAsync(job);
        var backlogNotifications = await NotificationsAsync(data) - before;
        Say($"3. Backlog ({backlogDue:N0} due at once): {backlog.Seconds:F2} s, {backlog.Run.Checked:N0} checked, {backlog.Run.Breaches:N0} breaches, {backlog.Run.Escalations:N0} escalations, {backlogNotifications:N0} notifications; {backlog.Run.Checked / backlog.Seconds:N0} tasks processed/s");

        // 4. Right after: nothing left to do, and nothing recorded or sent twice.
        var again = await PassAsync(job);
        var escalationRows = await ScalarAsync<long>(data, "SELECT count(*) FROM workflow.escalation");
        var distinctEscalations = await ScalarAsync<long>(data, "SELECT count(*) FROM (SELECT DISTINCT task_id, level FROM workflow.escalation) x");
        var maxPerKey = await ScalarAsync<long>(data,
            "SELECT coalesce(max(c), 0) FROM (SELECT count(*) AS c FROM platform.notification WHERE kind IN ('workflow_escalation', 'workflow_overdue') GROUP BY user_id, dedupe_key) x");
        var escalationNotes = await ScalarAsync<long>(data, "SELECT count(*) FROM platform.notification WHERE kind = 'workflow_escalation'");
        var recipients = await ScalarAsync<long>(data, "SELECT coalesce(sum(cardinality(recipients)), 0)::bigint FROM workflow.escalation");
        var breachRows = await ScalarAsync<long>(data, "SELECT count(*) FROM workflow.sla_breach");
        var overdueTasks = await ScalarAsync<long>(data, "SELECT count(*) FROM workflow.task WHERE status = 'open' AND overdue");
        var nobody = await ScalarAsync<long>(data, "SELECT count(*) FROM workflow.escalation WHERE cardinality(recipients) = 0");
        var once = again.Run.Checked == 0 && escalationRows == distinctEscalations && maxPerKey <= 1 && escalationNotes == recipients && breachRows == overdueTasks;
        Say($"4. Second pass right after: {again.Ms:F1} ms, {again.Run.Checked} checked, {again.Run.Breaches} breaches, {again.Run.Escalations} escalations");
        Say($"   escalation rows {escalationRows:N0} = distinct (task, level) {distinctEscalations:N0}; notifications per (user, dedupe key) at most {maxPerKey}; escalation notifications {escalationNotes:N0} = recipients {recipients:N0}; breaches {breachRows:N0} = overdue open tasks {overdueTasks:N0}; escalations with no recipient {nobody:N0} → {(once ? "OK" : "FAILED")}");

        // 5. Two nodes at once over 20,000 fresh due tasks.
        await CloneAsync(data, instanceId, realTask, open + 1, open + Fresh);
        var freshDue = await MakeDueAsync(data, realTask, $"t.id IN (SELECT {TaskId("n")} FROM generate_series({open + 1}, {open + Fresh}) n)");
        await VacuumAsync(data);
        var freshTasks = $"SELECT {TaskId("n")} FROM generate_series({open + 1}, {open + Fresh}) n";
        var both = Stopwatch.StartNew();
        var runs = await Task.WhenAll(Task.Run(() => job.RunOnceAsync(CancellationToken.None)), Task.Run(() => job.RunOnceAsync(CancellationToken.None)));
        both.Stop();
        var freshBreaches = await ScalarAsync<long>(data, $"SELECT count(*) FROM workflow.sla_breach WHERE task_id IN ({freshTasks})");
        var freshEscalations = await ScalarAsync<long>(data, $"SELECT count(*) FROM workflow.escalation WHERE task_id IN ({freshTasks})");
        var freshNotes = await ScalarAsync<long>(data, $"""
            SELECT count(*) FROM platform.notification
            WHERE dedupe_key IN (SELECT 'wf-overdue:' || id FROM ({freshTasks}) x(id) UNION ALL SELECT 'wf-escalation:' || id || ':1' FROM ({freshTasks}) x(id))
            """);
        maxPerKey = await ScalarAsync<long>(data,
            "SELECT coalesce(max(c), 0) FROM (SELECT count(*) AS c FROM platform.notification WHERE kind IN ('workflow_escalation', 'workflow_overdue') GROUP BY user_id, dedupe_key) x");
        var exactlyOnce = runs.Sum(r => r.Checked) == freshDue && runs.Sum(r => r.Breaches) == freshDue && runs.Sum(r => r.Escalations) == freshDue
                          && freshBreaches == freshDue && freshEscalations == freshDue && freshNotes == 2 * freshDue && maxPerKey <= 1;
        Say($"5. Two passes at once ({freshDue:N0} fresh due tasks): {both.Elapsed.TotalSeconds:F2} s; node A {runs[0].Checked:N0} checked / {runs[0].Breaches:N0} breaches / {runs[0].Escalations:N0} escalations, node B {runs[1].Checked:N0} / {runs[1].Breaches:N0} / {runs[1].Escalations:N0}");
        Say($"   recorded: {freshBreaches:N0} breaches, {freshEscalations:N0} escalations, {freshNotes:N0} notifications (expected {freshDue:N0}, {freshDue:N0}, {2 * freshDue:N0}); per (user, dedupe key) at most {maxPerKey} → {(exactlyOnce ? "each exactly once" : "FAILED")}");

        Console.WriteLine();
        Say($"Summary ({open:N0} open instances; app and PostgreSQL on the same machine, {Environment.ProcessorCount} cores; batch of 1,000)");
        Say($"  {"measure",-58} {"elapsed",-10} {"rate",-26} {"target",-8} verdict");
        Say($"  {"1. quiet pass, 0 due (index range check)",-58} {quiet.Seconds,-10:F3} {$"{openInstances / quiet.Seconds:N0} instances/s",-26} {"< 2 s",-8} {Verdict(quiet.Seconds)}");
        Say($"  {$"2. normal day, {day.Run.Checked:N0} due (5 %)",-58} {day.Seconds,-10:F3} {$"{openInstances / day.Seconds:N0} instances/s",-26} {"< 2 s",-8} {Verdict(day.Seconds)}");
        Say($"  {$"3. backlog, {backlog.Run.Checked:N0} due at once",-58} {backlog.Seconds,-10:F3} {$"{backlog.Run.Checked / backlog.Seconds:N0} tasks/s",-26} {"< 2 s",-8} {Verdict(backlog.Seconds)}");
        Say($"  {"4. pass right after the backlog",-58} {again.Seconds,-10:F3} {$"{again.Run.Checked} checked",-26} {"0",-8} {(once ? "met" : "MISSED")}");
        Say($"  {$"5. two nodes at once, {freshDue:N0} due",-58} {both.Elapsed.TotalSeconds,-10:F3} {$"{freshDue / both.Elapsed.TotalSeconds:N0} tasks/s",-26} {"once",-8} {(exactlyOnce ? "met" : "MISSED")}");
        Say($"Acceptance ({openInstances:N0} open instances checked in under 2 s): quiet pass {quiet.Seconds:F3} s {Verdict(quiet.Seconds)}, normal day with 5 % due {day.Seconds:F3} s {Verdict(day.Seconds)}; backlog of {backlog.Run.Checked:N0} due tasks at once {backlog.Seconds:F1} s ({backlog.Run.Checked / backlog.Seconds:N0} tasks/s).");
    }

    /// <summary>The id of clone n's open task (its instance's id differs in one group), so phases can pick tasks by n.</summary>
    private static string TaskId(string n) => $"('00000000-0000-4000-9000-' || lpad(to_hex({n}), 12, '0'))::uuid";

    private static string InstanceId(string n) => $"('00000000-0000-4000-8000-' || lpad(to_hex({n}), 12, '0'))::uuid";

    /// <summary>
    /// Copies the real instance and its open task to clones from..to over the workshops: received 1–23 h ago, so due 1–23 h from now,
    /// with the real task's limit and escalation chain moved to the clone's due time.
    /// </summary>
    private static Task CloneAsync(Npgsql.NpgsqlDataSource data, Guid instance, Guid task, int from, int to) => ExecuteAsync(data, $"""
        SET synchronous_commit = off;
        CREATE TEMP TABLE wb_unit AS SELECT row_number() OVER (ORDER BY code) - 1 AS k, id FROM org.org_unit WHERE code LIKE 'WB-P_-W%';
        INSERT INTO workflow.instance (id, number, definition_id, version_id, title, org_unit_id, status, data, started_by, started_at)
        SELECT {InstanceId("n")}, 'CAPA-B-' || lpad(n::text, 7, '0'), r.definition_id, r.version_id, r.title || ' #' || n, u.id, 'open', r.data, r.started_by,
               now() - interval '3 hours' - (n % 1320) * interval '1 minute'
        FROM workflow.instance r CROSS JOIN generate_series({from}, {to}) n JOIN wb_unit u ON u.k = n % {Workshops}
        WHERE r.id = '{instance}';
        INSERT INTO workflow.task (id, instance_id, step_key, step_index, role, function, status, received_at, due_at, escalations, next_check_at)
        SELECT {TaskId("n")}, {InstanceId("n")}, r.step_key, r.step_index, r.role, r.function, 'open', x.received, x.due, {Chain("x.due")}, x.due
        FROM workflow.task r CROSS JOIN generate_series({from}, {to}) n
        CROSS JOIN LATERAL (SELECT now() - interval '1 hour' - (n % 1320) * interval '1 minute' AS received) y
        CROSS JOIN LATERAL (SELECT y.received AS received, y.received + (r.due_at - r.received_at) AS due) x
        WHERE r.id = '{task}';
        DROP TABLE wb_unit;
        """);

    /// <summary>Makes the chosen open tasks received 25 h ago: past their limit, their chain (the real task's) due with it.</summary>
    private static async Task<long> MakeDueAsync(Npgsql.NpgsqlDataSource data, Guid task, string condition)
    {
        await using var cmd = data.CreateCommand($"""
            UPDATE workflow.task t SET received_at = x.received, due_at = x.due, escalations = {Chain("x.due")}, next_check_at = x.due
            FROM workflow.task r CROSS JOIN LATERAL (SELECT now() - interval '25 hours' AS received, now() - interval '25 hours' + (r.due_at - r.received_at) AS due) x
            WHERE r.id = '{task}' AND t.status = 'open' AND {condition}
            """);
        cmd.CommandTimeout = 600;
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The real task r's escalation chain [{at, target}], each link as far after <paramref name="due"/> as it is after r's due time.</summary>
    private static string Chain(string due) => $"""
        coalesce((SELECT jsonb_agg(jsonb_build_object('at', {due} + ((e ->> 'at')::timestamptz - r.due_at), 'target', e ->> 'target') ORDER BY o)
                  FROM jsonb_array_elements(r.escalations) WITH ORDINALITY AS a(e, o)), '[]')
        """;

    private static async Task VacuumAsync(Npgsql.NpgsqlDataSource data)
    {
        var watch = Stopwatch.StartNew();
        await ExecuteAsync(data, "VACUUM ANALYZE");
        Say($"  VACUUM ANALYZE: {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static Task<long> NotificationsAsync(Npgsql.NpgsqlDataSource data) =>
        ScalarAsync<long>(data, "SELECT count(*) FROM platform.notification WHERE kind IN ('workflow_overdue', 'workflow_escalation')");

    private static async Task<(EscalationRun Run, double Seconds, double Ms)> PassAsync(EscalationJob job)
    {
        var watch = Stopwatch.StartNew();
        var run = await job.RunOnceAsync(CancellationToken.None);
        watch.Stop();
        return (run, watch.Elapsed.TotalSeconds, watch.Elapsed.TotalMilliseconds);
    }

    private static string Verdict(double seconds) => seconds < TargetSeconds ? "met" : "MISSED";

    private static void Say(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
