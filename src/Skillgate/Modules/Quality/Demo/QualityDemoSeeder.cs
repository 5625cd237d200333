using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Statistics;

namespace Skillgate.Modules.Quality.Demo;

/// <summary>
/// With the demo plant: a year of daily batches on welding lines W1 and W2, each welder's welds and cold-solder defects recorded
/// against them (W1 flat at 8 per 1,000; W2 at 10 until its welders' TIG practical, from which each trained welder's rate falls by
/// 35 %, then rising again over the last three months), the welders' operation records, the assembly line's operators, an ISO 9001
/// 8.5.1 audit finding in assembly, a customer complaint on a W2 batch (released by an inspector, so a missed inspection), the
/// quality lab's releases of the welding batches of the last four months, and a welding checklist with three checks. Today's batches are
/// worked after the qualification statuses were computed, so their trace shows real standings.
/// </summary>
internal sealed class QualityDemoSeeder(IServiceScopeFactory scopes, ILogger<QualityDemoSeeder> logger) : IHostedService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var work = services.GetRequiredService<UnitOfWork>();
        var (connection, _) = await work.SqlAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM quality.batch)"))
        {
            return;
        }

        var units = (await connection.QueryAsync<(string Code, Guid Id)>("SELECT code, id FROM org.org_unit_v WHERE code IN ('P1-WELD-W1', 'P1-WELD-W2', 'P1-ASSY')"))
            .ToDictionary(u => u.Code, u => u.Id);
        var stations = (await connection.QueryAsync<(string Code, Guid Id)>("SELECT code, id FROM competence.operation_v WHERE code IN ('W1-STATION', 'W2-STATION', 'ASSY-STATION')"))
            .ToDictionary(o => o.Code, o => o.Id);
        if (units.Count < 3 || stations.Count < 3)
        {
            return;
        }

        var crews = (await connection.QueryAsync<(Guid Id, Guid Unit, string Line)>(
            """
            SELECT e.id, e.org_unit_id, CASE WHEN u.code LIKE 'P1-ASSY%' THEN 'P1-ASSY' ELSE u.code END FROM org.employee_v e
            JOIN org.org_unit_v u ON u.id = e.org_unit_id JOIN org.position_v p ON p.id = e.position_id
            WHERE e.status = 'active' AND ((u.code IN ('P1-WELD-W1', 'P1-WELD-W2') AND p.code LIKE '%WELDER') OR (u.code LIKE 'P1-ASSY%' AND p.code LIKE '%ASSEMBLER'))
            ORDER BY e.employee_no
            """)).ToLookup(c => c.Line);
        var trained = (await connection.QueryAsync<(Guid Employee, DateTime On)>(
            """
            SELECT c.employee_id, min(c.completed_on)::timestamp FROM learning.course_completion_v c JOIN learning.course_v k ON k.id = c.course_id
            WHERE k.code = 'WELD-TIG-PR' AND c.revoked_at IS NULL GROUP BY 1
            """)).ToDictionary(x => x.Employee, x => DateOnly.FromDateTime(x.On));
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var data = new Rows();
        var random = new Random(20260419);
        foreach (var (line, station) in new[] { ("P1-WELD-W1", "W1-STATION"), ("P1-WELD-W2", "W2-STATION") })
        {
            var welders = crews[line].ToList();
            var skill = WelderSkills(random, welders.Count);
            for (var day = today.AddDays(-365); day <= today; day = day.AddDays(1))
            {
                var batch = data.Batch($"{line[3..]}-{day:yyyyMMdd}", "支架总成", units[line]);
                var monthsAgo = ((thisMonth.Year - day.Year) * 12) + thisMonth.Month - day.Month;
                var at = day == today ? now : new DateTimeOffset(day.ToDateTime(new TimeOnly(0, 30)), TimeSpan.Zero);
                var welds = 0;
                for (var i = 0; i < welders.Count; i++)
                {
                    var welder = welders[i];
                    var made = 280 + random.Next(81);
                    var after = trained.TryGetValue(welder.Id, out var on) && on <= day;
                    var perThousand = ColdPerThousand(line, monthsAgo, after) * skill[i];
                    data.Count(batch, units[line], stations[station], day, made, RandomDraws.Poisson(random, made * 0.014), welder.Id);
                    if (RandomDraws.Poisson(random, made * perThousand / 1000) is var cold and > 0)
                    {
                        data.Defect(batch, units[line], stations[station], "虚焊", cold, "man", day, welder.Id);
                    }

                    data.Operation(batch, stations[station], welder.Id, welder.Unit, units[line], at);
                    welds += made;
                }

                data.Defect(batch, units[line], stations[station], "焊穿", Math.Max(1, welds / 500), "machine", day, null);
            }
        }

        for (var day = today.AddDays(-60); day <= today; day = day.AddDays(1))
        {
            var batch = data.Batch($"ASSY-{day:yyyyMMdd}", "控制器总成", null);
            var at = day == today ? now : new DateTimeOffset(day.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
            foreach (var assembler in crews["P1-ASSY"])
            {
                data.Operation(batch, stations["ASSY-STATION"], assembler.Id, assembler.Unit, null, at);
            }
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");
        await using var tx = await work.BeginAsync(cancellationToken);
        await data.WriteAsync(connection, tx.Sql, now.UtcDateTime);
        var lastMonthBatch = $"WELD-W2-{thisMonth.AddDays(-10):yyyyMMdd}";
        await connection.ExecuteAsync(
            """
            INSERT INTO quality.audit_finding (id, external_id, audit, clause, nonconformity, org_unit_id, severity, found_on, recorded_at)
            VALUES (@finding, 'DEMO-IA-2026-Q4-03', '2026 年第四季度内审', '8.5.1', '总装工位未按作业指导书控制拧紧扭矩，首件检验记录缺失', @assy, 'major', @found::date, @now);
            INSERT INTO quality.complaint (id, external_id, customer, batch_id, defect_type, description, severity, received_on, recorded_at)
            SELECT @complaint, 'DEMO-CC-0117', '华东汽车零部件有限公司', b.id, '虚焊', '支架焊点虚焊，装车前检出 12 件', 'critical', @received::date, @now
            FROM quality.batch b WHERE b.code = @lastMonthBatch;
            INSERT INTO quality.batch_release (id, external_id, batch_id, employee_id, org_unit_id, released_on, quantity, recorded_at)
            SELECT gen_random_uuid(), 'DEMO-REL-' || b.code, b.id, i.id, i.org_unit_id, right(b.code, 8)::date, n.produced, @now
            FROM quality.batch b
            CROSS JOIN LATERAL (SELECT sum(c.produced)::integer AS produced FROM quality.production_count c WHERE c.batch_id = b.id) n
            CROSS JOIN LATERAL (
                SELECT e.id, e.org_unit_id FROM org.employee_v e JOIN org.position_v p ON p.id = e.position_id
                WHERE p.code LIKE '%-INSPECTOR' AND e.status = 'active' ORDER BY md5(b.code || e.id::text) LIMIT 1) i
            WHERE b.code LIKE 'WELD-%' AND right(b.code, 8)::date >= @releasesFrom AND n.produced > 0;
            """,
            new
            {
                finding = Guid.CreateVersion7(), complaint = Guid.CreateVersion7(), assy = units["P1-ASSY"], found = today.AddDays(-10).ToDateTime(TimeOnly.MinValue),
                received = today.AddDays(-5).ToDateTime(TimeOnly.MinValue), lastMonthBatch, now = now.UtcDateTime,
                releasesFrom = thisMonth.AddMonths(-4).ToDateTime(TimeOnly.MinValue),
            }, tx.Sql);
        await SeedChecksAsync(connection, tx.Sql, crews["P1-WELD-W1"].Select(c => c.Id).Take(3).ToList(), stations["W1-STATION"], units["P1-WELD-W1"], now);
        await tx.AuditAsync("imported", "quality.demo", Guid.CreateVersion7(), null, new { batches = data.BatchCount });
        await tx.CommitAsync(cancellationToken);
        logger.LogInformation("Demo quality data seeded: {Batches} batches, {Operations} operation records", data.BatchCount, data.OperationCount);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A welder's expected cold-solder defects per 1,000 welds at their line's level: W1 at 8; W2 at 10, 35 % lower once the
    /// welder passed the TIG practical, and over the last three complete months and this one rising so that the trained line reads
    /// 10, 12, 15 and 16.
    /// </summary>
    private static double ColdPerThousand(string line, int monthsAgo, bool trained)
    {
        if (!line.EndsWith("W2", StringComparison.Ordinal))
        {
            return 8;
        }

        const double Trained = 10 * 0.65;
        var rise = monthsAgo switch { 0 => 16 / Trained, 1 => 15 / Trained, 2 => 12 / Trained, 3 => 10 / Trained, _ => 1 };
        return 10 * rise * (trained ? 0.65 : 1);
    }

    /// <summary>How much more or less than their line's level each welder errs (log-normal, the line's mean kept at 1).</summary>
    private static double[] WelderSkills(Random random, int count)
    {
        var skills = Enumerable.Range(0, count).Select(_ => Math.Exp(0.3 * RandomDraws.Normal(random))).ToArray();
        var mean = skills.Length > 0 ? skills.Average() : 1;
        return skills.Select(x => x / mean).ToArray();
    }


    private static async Task SeedChecksAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<Guid> welders, Guid station, Guid line, DateTimeOffset now)
    {
        var qa = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM auth.app_user WHERE user_name = 'qa'", transaction: tx);
        if (qa is null || welders.Count == 0)
        {
            return;
        }

        string[] items = ["按 WI-WELD-01 v2.0 设定焊接电流与气体流量", "佩戴焊接面罩与防护手套", "焊前清理坡口油污", "首件自检并记录"];
        var checklist = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            "INSERT INTO quality.checklist (id, code, title, operation_id, items, created_at) VALUES (@checklist, 'WELD-SUP-01', 'W1 焊接工位监督检查', @station, @items, @now)",
            new { checklist, station, items, now = now.UtcDateTime }, tx);
        for (var i = 0; i < welders.Count; i++)
        {
            var failed = i == 1;
            var results = items.Select((item, k) => new { item, passed = !(failed && k == 3), comment = failed && k == 3 ? "首件未自检" : null, photoFileId = (Guid?)null });
            await connection.ExecuteAsync(
                """
                INSERT INTO quality.supervision_check (id, checklist_id, employee_id, org_unit_id, operation_id, performed_by, performed_by_name, performed_at, passed, comment, items)
                VALUES (@id, @checklist, @employee, @line, @station, @qa, 'qa', @at, @passed, '', @items::jsonb)
                """,
                new
                {
                    id = Guid.CreateVersion7(), checklist, employee = welders[i], line, station, qa, at = now.AddDays(-7 - i).UtcDateTime, passed = !failed,
                    items = JsonSerializer.Serialize(results, Json),
                }, tx);
        }
    }

    /// <summary>The generated rows, written with one statement per table.</summary>
    private sealed class Rows
    {
        private readonly List<(Guid Id, string Code, string Product, Guid? Line)> _batches = [];
        private readonly List<(string Ext, Guid Batch, Guid Line, Guid Operation, DateOnly Day, int Produced, int Reworked, Guid? Employee)> _counts = [];
        private readonly List<(string Ext, Guid Batch, Guid Line, Guid Operation, string Type, int Quantity, string Cause, DateOnly Day, Guid? Employee)> _defects = [];
        private readonly List<(string Ext, Guid Batch, Guid Operation, Guid Employee, Guid Unit, Guid? Line, DateTimeOffset At)> _operations = [];

        public int BatchCount => _batches.Count;

        public int OperationCount => _operations.Count;

        public Guid Batch(string code, string product, Guid? line)
        {
            var id = Guid.CreateVersion7();
            _batches.Add((id, code, product, line));
            return id;
        }

        public void Count(Guid batch, Guid line, Guid operation, DateOnly day, int produced, int reworked, Guid employee) =>
            _counts.Add(($"DEMO-C-{_counts.Count}", batch, line, operation, day, produced, reworked, employee));

        public void Defect(Guid batch, Guid line, Guid operation, string type, int quantity, string cause, DateOnly day, Guid? employee) =>
            _defects.Add(($"DEMO-D-{_defects.Count}", batch, line, operation, type, quantity, cause, day, employee));

        public void Operation(Guid batch, Guid operation, Guid employee, Guid unit, Guid? line, DateTimeOffset at) =>
            _operations.Add(($"DEMO-O-{_operations.Count}", batch, operation, employee, unit, line, at));

        public async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DateTime now)
        {
            await connection.ExecuteAsync(
                "INSERT INTO quality.batch (id, code, product, line_id, created_at) SELECT *, @now FROM unnest(@ids, @codes, @products, @lines)",
                new { now, ids = _batches.Select(b => b.Id).ToArray(), codes = _batches.Select(b => b.Code).ToArray(), products = _batches.Select(b => b.Product).ToArray(), lines = _batches.Select(b => b.Line).ToArray() }, tx);
            await connection.ExecuteAsync(
                """
                INSERT INTO quality.production_count (id, external_id, batch_id, line_id, operation_id, employee_id, produced_on, produced, reworked, first_pass_good, recorded_at)
                SELECT gen_random_uuid(), r.ext, r.batch, r.line, r.op, r.employee, r.day, r.produced, r.reworked, r.produced - r.reworked, @now
                FROM unnest(@exts, @batches, @lines, @ops, @employees, @days, @produced, @reworked) AS r(ext, batch, line, op, employee, day, produced, reworked)
                """,
                new
                {
                    now, exts = _counts.Select(c => c.Ext).ToArray(), batches = _counts.Select(c => c.Batch).ToArray(), lines = _counts.Select(c => c.Line).ToArray(),
                    ops = _counts.Select(c => c.Operation).ToArray(), days = _counts.Select(c => c.Day).ToArray(), produced = _counts.Select(c => c.Produced).ToArray(),
                    reworked = _counts.Select(c => c.Reworked).ToArray(), employees = _counts.Select(c => c.Employee).ToArray(),
                }, tx);
            await connection.ExecuteAsync(
                """
                INSERT INTO quality.defect (id, external_id, batch_id, line_id, operation_id, defect_type, quantity, cause, found_on, employee_id, recorded_at)
                SELECT gen_random_uuid(), r.*, @now FROM unnest(@exts, @batches, @lines, @ops, @types, @quantities, @causes, @days, @employees) AS r
                """,
                new
                {
                    now, exts = _defects.Select(d => d.Ext).ToArray(), batches = _defects.Select(d => d.Batch).ToArray(), lines = _defects.Select(d => d.Line).ToArray(),
                    ops = _defects.Select(d => d.Operation).ToArray(), types = _defects.Select(d => d.Type).ToArray(), quantities = _defects.Select(d => d.Quantity).ToArray(),
                    causes = _defects.Select(d => d.Cause).ToArray(), days = _defects.Select(d => d.Day).ToArray(), employees = _defects.Select(d => d.Employee).ToArray(),
                }, tx);
            await connection.ExecuteAsync(
                """
                INSERT INTO quality.operation_record (id, external_id, batch_id, operation_id, employee_id, org_unit_id, line_id, started_at, ended_at, recorded_at)
                SELECT gen_random_uuid(), r.ext, r.batch, r.op, r.employee, r.unit, r.line, r.at, r.at + interval '7 hours', @now
                FROM unnest(@exts, @batches, @ops, @employees, @units, @lines, @ats) AS r(ext, batch, op, employee, unit, line, at)
                """,
                new
                {
                    now, exts = _operations.Select(o => o.Ext).ToArray(), batches = _operations.Select(o => o.Batch).ToArray(), ops = _operations.Select(o => o.Operation).ToArray(),
                    employees = _operations.Select(o => o.Employee).ToArray(), units = _operations.Select(o => o.Unit).ToArray(), lines = _operations.Select(o => o.Line).ToArray(),
                    ats = _operations.Select(o => o.At.UtcDateTime).ToArray(),
                }, tx);
        }
    }
}
