using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Quality.Demo;

/// <summary>
/// With the demo hospital: the quality-control office's supervision checklists (IV therapy on the wards, the surgical safety
/// checklist in the operating theatre) and half a year of its checks — ten a ward a month, with 内科二病区's failures rising
/// over the last three complete months (the needs rule on check failures turns that into a need), and eight theatre checks
/// in the last three weeks, one missing a signature.
/// </summary>
internal sealed class HospitalQualityDemoSeeder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<HospitalQualityDemoSeeder> logger) : IHostedService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] IvItems =
    [
        "两种以上方式核对患者身份与医嘱", "无菌操作与手卫生", "穿刺部位评估并标注敷料日期", "冲封管方法与频次符合规范", "护理记录完整",
    ];

    private static readonly string[] IvFindings = ["仅核对床号", "穿刺前未执行手卫生", "敷料未标注日期", "冲封管未使用预充式冲洗器", "护理记录缺穿刺部位评估"];

    private static readonly string[] ChecklistItems = ["麻醉实施前三方核查", "手术开始前三方核查及影像资料", "患者离室前核查物品清点与标本", "核查表三方签名完整"];

    /// <summary>Failed IV-therapy checks of ten, six to one complete months ago.</summary>
    private static readonly Dictionary<string, int[]> Failures = new(StringComparer.Ordinal)
    {
        ["HOSP-SURG-W1"] = [1, 0, 1, 1, 0, 1],
        ["HOSP-SURG-W2"] = [0, 1, 1, 0, 1, 0],
        ["HOSP-MED-W1"] = [1, 1, 0, 1, 1, 0],
        ["HOSP-MED-W2"] = [1, 1, 1, 2, 3, 4],
        ["HOSP-ICU-W1"] = [0, 1, 0, 0, 1, 1],
    };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(cancellationToken);
        var units = (await connection.QueryAsync<(string Code, Guid Id)>("SELECT code, id FROM org.org_unit_v WHERE code LIKE 'HOSP-%'")).ToDictionary(u => u.Code, u => u.Id);
        var qa = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM auth.app_user WHERE user_name = 'qa'");
        var documents = (await connection.QueryAsync<(string Code, Guid Id)>("SELECT code, id FROM standards.document_v WHERE code IN ('IVT-01', 'SSC-01')")).ToDictionary(d => d.Code, d => d.Id);
        var theatre = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM competence.operation_v WHERE code = 'SSC-OR'");
        if (qa is null || theatre is null || documents.Count < 2 || !units.ContainsKey("HOSP-MED-W2") ||
            await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM quality.checklist WHERE code = 'IVT-CHK-01')"))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var nurses = (await connection.QueryAsync<(Guid Id, string Unit)>(
            """
            SELECT e.id, u.code FROM org.employee_v e JOIN org.org_unit_v u ON u.id = e.org_unit_id JOIN org.position_v p ON p.id = e.position_id
            WHERE e.status = 'active' AND p.code LIKE '%-NURSE' ORDER BY e.employee_no
            """)).ToLookup(n => n.Unit, n => n.Id);
        var iv = Guid.CreateVersion7(now);
        var safety = Guid.CreateVersion7(now);
        await connection.ExecuteAsync(
            """
            INSERT INTO quality.checklist (id, code, title, operation_id, document_id, items, created_at) VALUES
                (@iv, 'IVT-CHK-01', '静脉治疗操作督查', NULL, @ivDocument, @ivItems, @created),
                (@safety, 'SSC-CHK-01', '手术安全核查执行督查', @theatre, @safetyDocument, @safetyItems, @created)
            """,
            new { iv, safety, theatre, ivDocument = documents["IVT-01"], safetyDocument = documents["SSC-01"], ivItems = IvItems, safetyItems = ChecklistItems, created = now.AddMonths(-7).UtcDateTime });

        var checks = new List<Check>();
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (ward, failures) in Failures)
        {
            var staff = nurses[ward].ToList();
            for (var m = 0; m <= failures.Length; m++)
            {
                var start = month.AddMonths(m - failures.Length);
                var current = m == failures.Length;
                var count = current ? 3 : 10;
                var failed = current ? 0 : failures[m];
                for (var k = 0; k < count; k++)
                {
                    var at = current ? Max(start, now.AddHours(-6 * (k + 1))) : start.AddDays(2 + (2 * k)).AddHours(2 + k);
                    var finding = k < failed ? (k + m) % IvItems.Length : -1;
                    checks.Add(new Check(iv, staff[((m * 10) + k) % staff.Count], units[ward], null, at, finding, Items(IvItems, finding, finding < 0 ? null : IvFindings[finding])));
                }
            }
        }

        var theatreStaff = nurses["HOSP-SURG-OR"].ToList();
        for (var k = 0; k < 8; k++)
        {
            var finding = k == 5 ? 3 : -1;
            checks.Add(new Check(safety, theatreStaff[k % theatreStaff.Count], units["HOSP-SURG-OR"], theatre, now.AddDays(-2 - (2 * k)).AddHours(-3), finding, Items(ChecklistItems, finding, "麻醉医师未在核查表签名")));
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO quality.supervision_check (id, checklist_id, employee_id, org_unit_id, operation_id, performed_by, performed_by_name, performed_at, passed, comment, items)
            VALUES (@Id, @Checklist, @Employee, @Unit, @Operation, @qa, 'qa', @At, @Passed, '', @Items::jsonb)
            """,
            checks.Select(c => new { c.Id, c.Checklist, c.Employee, c.Unit, c.Operation, qa, At = c.At.UtcDateTime, Passed = c.Finding < 0, c.Items }));
        logger.LogInformation("Demo hospital supervision checks seeded: {Checks}", checks.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Items(string[] items, int failed, string? comment) =>
        JsonSerializer.Serialize(items.Select((item, k) => new { item, passed = k != failed, comment = k == failed ? comment : null, photoFileId = (Guid?)null }), Json);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record Check(Guid Checklist, Guid Employee, Guid Unit, Guid? Operation, DateTimeOffset At, int Finding, string Items)
    {
        public Guid Id { get; } = Guid.CreateVersion7();
    }
}
