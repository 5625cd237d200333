using Dapper;
using Npgsql;
using Skillgate.Modules.Needs.Analysis;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Needs.Demo;

/// <summary>
/// With the demo hospital: the built-in rules named in a hospital's words (before anything is audited), the IV-therapy checklist
/// mapped to the IV-therapy practical, the nursing staff's training survey for internal medicine, then one analysis run — which
/// finds 内科二病区's rising check failures and raises the need.
/// </summary>
internal sealed class HospitalNeedsDemoSeeder(IServiceScopeFactory scopes) : IHostedService
{
    private static readonly SurveyContent Survey = new(
        "2027 年护理人员培训需求调研", ["专科护理技能", "急危重症抢救", "医患沟通", "护理科研"], ["情景模拟", "短视频", "科室小讲课", "师带教"],
        ["希望多安排 PICC 维护的实操", "夜班后的课太累，希望安排在白班", "多一些情景模拟演练", "希望有视频可以反复看"]);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM needs.mapping)"))
        {
            return;
        }

        var course = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM learning.course_v WHERE code = 'IVT-PR'");
        var medicine = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM org.org_unit_v WHERE code = 'HOSP-MED'");
        if (course is null || medicine is null)
        {
            return;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await connection.ExecuteAsync(
            """
            UPDATE needs.rule SET name = '不良事件率连续上升 / Adverse event rate rising' WHERE kind = 'trend' AND name = '缺陷率连续上升 / Defect rate rising';
            UPDATE needs.rule SET name = '患者投诉 / Patient complaints' WHERE kind = 'complaint' AND name = '客户投诉 / Customer complaints';
            INSERT INTO needs.mapping (id, kind, key, course_id, skill_id, created_at) VALUES (gen_random_uuid(), 'checklist', 'IVT-CHK-01', @course, NULL, @now);
            """, new { course, now });
        await SurveyDemo.SeedAsync(connection, medicine.Value, now, Survey);
        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");
        await services.GetRequiredService<NeedAnalysis>().RunAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
