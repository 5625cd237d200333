using System.Globalization;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Modules.Workflow.Instances;
using Skillgate.Modules.Workflow.Sla;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Workflow.Demo;

/// <summary>
/// With the demo plant: a production director for 苏州工厂 (login <c>director</c>), then processes run through the real handlers as
/// the demo users: a complaint waiting for production past its 24 h (escalated once to the director, the breach recorded), a
/// complaint closed with the customer's confirmation, and a process change reviewed by QA and waiting for HR's training plan.
/// </summary>
internal sealed class WorkflowDemoSeeder(IServiceScopeFactory scopes, IHttpContextAccessor http, TimeProvider clock) : IHostedService
{
    private const string Password = "Skillgate#2026";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(cancellationToken);
        var plant = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM org.org_unit_v WHERE code = 'P1'");
        var sales = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM org.org_unit_v WHERE code = 'P1-SALES'");
        if (plant is null || sales is null || await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM workflow.instance)"))
        {
            return;
        }

        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            await SeedAsync(services, connection, plant.Value, sales.Value, cancellationToken);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
            http.HttpContext = null;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAsync(IServiceProvider services, NpgsqlConnection connection, Guid plant, Guid salesOffice, CancellationToken ct)
    {
        var director = await DirectorAsync(services, plant, ct);
        await connection.ExecuteAsync("INSERT INTO workflow.director (org_unit_id, function, user_id) VALUES (@plant, 'production', @director) ON CONFLICT DO NOTHING", new { plant, director });
        var batch = await connection.ExecuteScalarAsync<string?>("SELECT code FROM quality.batch_v WHERE code LIKE 'WELD-W2-%' ORDER BY code DESC LIMIT 1") ?? "";
        Dictionary<string, string?> Complaint(string description) => new() { ["customer"] = "华东汽车零部件有限公司", ["batch"] = batch, ["description"] = description };

        // Closed: the whole 8D path, the customer's confirmation signed by sales.
        var closed = await ActAsync("sales", h => h.StartAsync(new StartInput("CAPA", salesOffice, "客户投诉：支架尺寸超差", Complaint("来料检验发现 2 件支架孔距超差"), null), ct), ct);
        closed = await CompleteAsync("qa", closed, new("approve", new Dictionary<string, string?> { ["rootCause"] = "夹具定位销磨损" }, null, null), ct);
        closed = await CompleteAsync("production", closed, new("approve", new Dictionary<string, string?> { ["containment"] = "库存 300 件全检", ["correctivePlan"] = "更换定位销，纳入点检表" }, null, null), ct);
        closed = await CompleteAsync("qa", closed, new("approve", new Dictionary<string, string?> { ["effective"] = "yes", ["evidence"] = "连续 10 批零缺陷" }, null, null), ct);
        await CompleteAsync("sales", closed, new("approve", new Dictionary<string, string?> { ["customerResponse"] = "客户确认关闭" }, null, null, Password, "确认关闭投诉"), ct);

        // Open and late: production has not answered for 26 hours; the escalation job runs once (the director is told, the breach recorded).
        var late = await ActAsync("sales", h => h.StartAsync(new StartInput("CAPA", salesOffice, "客户投诉：W2 焊缝虚焊", Complaint("客户装配时发现 3 件焊缝虚焊，要求 8D 报告"), null), ct), ct);
        late = await CompleteAsync("qa", late, new("approve", new Dictionary<string, string?> { ["rootCause"] = "批次追溯：W2 焊接线 3 名焊工未完成新版焊接规范培训" }, null, null), ct);
        // The whole instance moves 26 hours back, so its history stays in order: started, investigated, then waiting for production.
        var now = clock.GetUtcNow().UtcDateTime;
        await connection.ExecuteAsync(
            """
            UPDATE workflow.instance SET started_at = started_at - interval '26 hours' WHERE id = @id;
            UPDATE workflow.task SET received_at = received_at - interval '26 hours', started_at = started_at - interval '26 hours', done_at = done_at - interval '26 hours'
            WHERE instance_id = @id;
            UPDATE workflow.task SET due_at = @due, next_check_at = @due, escalations = jsonb_build_array(jsonb_build_object('at', @due, 'target', 'director'))
            WHERE instance_id = @id AND status = 'open';
            """, new { due = now.AddHours(-2), id = late.Id });
        await services.GetRequiredService<EscalationJob>().RunOnceAsync(ct);

        // A process change at HR's step: the training plan for the positions working the changed operation.
        var operation = await connection.ExecuteScalarAsync<Guid?>(
            """
            SELECT o.id FROM competence.operation_v o JOIN org.org_unit_v u ON u.id = o.org_unit_id
            JOIN competence.operation_assignment_v a ON a.operation_id = o.id AND a.ended_at IS NULL
            WHERE u.code LIKE 'P1-WELD%' GROUP BY o.id, o.code ORDER BY o.code LIKE 'W2%' DESC, count(*) DESC LIMIT 1
            """);
        var course = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM learning.course_v WHERE code = 'WELD-TIG-PR' AND status = 'published'");
        if (operation is null || course is null)
        {
            return;
        }

        var goLive = DateOnly.FromDateTime(now).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var moc = await ActAsync("production", h => h.StartAsync(new StartInput("MOC", plant, "W2 焊接电流参数变更", new Dictionary<string, string?>
        {
            ["operation"] = operation.ToString(), ["course"] = course.ToString(), ["change"] = "焊接电流 180 A → 165 A，焊接速度同步下调", ["goLive"] = goLive,
        }, null), ct), ct);
        await CompleteAsync("qa", moc, new("approve", new Dictionary<string, string?> { ["standardVersion"] = "WI-WELD v3", ["review"] = "符合焊接工艺评定，需同步修订作业指导书" }, null, null, Password, "批准工艺变更"), ct);
    }

    private async Task<Guid> DirectorAsync(IServiceProvider services, Guid plant, CancellationToken ct)
    {
        var db = services.GetRequiredService<PlatformDb>();
        if (await db.Set<AppUser>().FirstOrDefaultAsync(u => u.UserName == "director", ct) is { } existing)
        {
            return existing.Id;
        }

        var user = new AppUser
        {
            Id = Guid.CreateVersion7(), UserName = "director", DisplayName = "生产总监 孙伟", Roles = [Roles.DepartmentHead], ScopeAll = false, Language = "zh-CN",
            SecurityStamp = Guid.NewGuid(), CreatedAt = clock.GetUtcNow(),
        };
        user.Scopes.Add(new UserScope { UserId = user.Id, OrgUnitId = plant });
        services.GetRequiredService<AccountService>().SetPassword(user, Password, mustChange: false);
        db.Add(user);
        await db.SaveChangesAsync(ct);
        return user.Id;
    }

    private Task<InstanceDto> CompleteAsync(string userName, InstanceDto instance, CompleteInput input, CancellationToken ct) =>
        ActAsync(userName, h => h.CompleteAsync(instance.Id, instance.OpenTaskId!.Value, input, ct), ct);

    private Task<InstanceDto> ActAsync(string userName, Func<InstanceHandler, Task<InstanceDto>> action, CancellationToken ct) =>
        ActingUser.RunAsync(scopes, http, userName, services => action(services.GetRequiredService<InstanceHandler>()), ct);
}
