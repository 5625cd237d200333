using Dapper;
using Npgsql;
using Skillgate.Modules.Points.Certifications;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Modules.Points.Rules;
using Skillgate.Modules.Points.Store;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Points.Demo;

/// <summary>
/// With the demo plant: the store of the points article (paid leave, a certification subsidy, the yearly health check,
/// supermarket cards), a rule that pays welders 8 points a class hour where the default pays 5, the certification
/// 高级设备操作员 at 80 points in 12 months, and the demo worker's confirmed skill application and learning note. The other points come from the demo's
/// completions, as they would in the plant.
/// </summary>
internal sealed class PointsDemoSeeder(IServiceScopeFactory scopes) : IHostedService
{
    private static readonly PointsDemoStory Plant = new(
        "%焊工%", "ADV-OPERATOR", "高级设备操作员", null,
        "学完这门课后，我每次开机前都按点检表逐项确认，本月设备异常停机从 3 次降到 0 次。",
        "培训里讲的首件确认很实用：我把首件记录拍照存档，交接班时下一班一看就清楚。",
        "调整焊接电流后气孔缺陷率下降", "按培训所学把起弧电流从 80A 调到 65A，本月气孔缺陷率从 2.1% 降到 0.9%。", "weldhead");

    public Task StartAsync(CancellationToken cancellationToken) => SeedAsync(scopes, Plant, cancellationToken);

    /// <summary>The store, the class-hours rule and certification, and the demo worker's note and skill application of one story.</summary>
    internal static async Task SeedAsync(IServiceScopeFactory scopes, PointsDemoStory story, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        Guid? welders;
        await using (var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM points.item)"))
            {
                return;
            }

            welders = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM org.position_v WHERE active AND name LIKE @like ORDER BY code LIMIT 1", new { like = story.PositionNameLike });
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");

        // The demo plant reads Chinese: what the seeding sends (the certificate's notice) is written in it.
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            await SeedAsync(services, story, welders, cancellationToken);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
    }

    private static async Task SeedAsync(IServiceProvider services, PointsDemoStory story, Guid? welders, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<StoreHandler>();
        foreach (var item in Items)
        {
            await store.SaveItemAsync(null, item, cancellationToken);
        }

        if (welders is { } position)
        {
            await services.GetRequiredService<RuleHandler>().SaveAsync(new PointsRuleInput("class_hours", null, position, 8, 5, 10, null, 100, null, null, true), cancellationToken);
        }

        await services.GetRequiredService<CertificationHandler>().SaveRuleAsync(null, new CertificationRuleInput(story.CertificationCode, story.CertificationName, 80, 12, null, null, true), cancellationToken);
        await SeedNotesAsync(services, story, cancellationToken);
    }

    /// <summary>The demo worker's approved note on a course (liked by a colleague) and a colleague's note waiting for review.</summary>
    private static async Task SeedNotesAsync(IServiceProvider services, PointsDemoStory story, CancellationToken ct)
    {
        var work = services.GetRequiredService<UnitOfWork>();
        await using var tx = await work.BeginAsync(ct);
        var people = (await tx.Connection.QueryAsync<(Guid Id, string Name, Guid Unit)>(new CommandDefinition(
            """
            SELECT e.id, e.name, e.org_unit_id FROM auth.app_user u JOIN org.employee_v e ON e.id = u.employee_id WHERE u.user_name = 'employee'
            UNION ALL
            (SELECT c.id, c.name, c.org_unit_id FROM auth.app_user u JOIN org.employee_v e ON e.id = u.employee_id
             JOIN org.employee_v c ON c.org_unit_id = e.org_unit_id AND c.id <> e.id AND c.status = 'active'
             WHERE u.user_name = 'employee' ORDER BY c.employee_no LIMIT 1)
            """, null, tx.Sql, cancellationToken: ct))).ToList();
        var course = await tx.Connection.QuerySingleOrDefaultAsync<(Guid Id, string Code, string Title)?>(new CommandDefinition(
            "SELECT id, code, title FROM learning.course_v WHERE status = 'published' AND (@code::text IS NULL OR code = @code) ORDER BY code LIMIT 1",
            new { code = story.NoteCourse }, tx.Sql, cancellationToken: ct));
        if (people.Count < 2 || course is not { } c)
        {
            return;
        }

        var (worker, colleague) = (people[0], people[1]);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var approved = Guid.CreateVersion7();
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO points.note (id, course_id, employee_id, org_unit_id, author_name, body, status, created_at, updated_at, decided_by, decided_at, points)
            VALUES (@approved, @course, @worker, @workerUnit, @workerName, @approvedBody, 'approved', @now, @now, 'hr', @now, 12),
                   (@waiting, @course, @colleague, @colleagueUnit, @colleagueName, @waitingBody, 'submitted', @now, @now, NULL, NULL, NULL);
            INSERT INTO points.note_like (note_id, employee_id, liked_at) VALUES (@approved, @colleague, @now);
            """,
            new
            {
                approved, waiting = Guid.CreateVersion7(), course = c.Id, worker = worker.Id, workerUnit = worker.Unit, workerName = worker.Name,
                colleague = colleague.Id, colleagueUnit = colleague.Unit, colleagueName = colleague.Name, now,
                approvedBody = story.ApprovedNote,
                waitingBody = story.WaitingNote,
            }, tx.Sql, cancellationToken: ct));
        var ledger = services.GetRequiredService<PointsLedger>();
        await ledger.AwardAsync(new PointsLedger.Award(worker.Id, "note", "note", approved, $"note:{approved}", $"{c.Code} {c.Title}") { Points = 12 }, ct);
        var application = Guid.CreateVersion7();
        var title = story.ApplicationTitle;
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO points.skill_application (id, employee_id, org_unit_id, title, description, status, recorded_by, recorded_at, decided_by, decided_at, points, note)
            VALUES (@application, @worker, @unit, @title, @description, 'confirmed', 'employee', @now, @confirmedBy, @now, 80, '数据属实')
            """, new { application, worker = worker.Id, unit = worker.Unit, title, description = story.ApplicationDescription, confirmedBy = story.ConfirmedBy, now }, tx.Sql, cancellationToken: ct));
        await ledger.AwardAsync(new PointsLedger.Award(worker.Id, "skill_applied", "skill_application", application, $"skill:{application}", title) { Points = 80 }, ct);
        await tx.CommitAsync(ct);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static readonly StoreItemInput[] Items =
    [
        new("LEAVE-4H", "带薪休假 4 小时", "paid_leave", 200, 50, 2, [], true),
        new("CERT-SUBSIDY", "技能认证补贴 500 元", "certification_subsidy", 500, 20, 1, [], true),
        new("HEALTH-CHECK", "年度员工体检", "health_check", 150, 100, 1, [], true),
        new("MARKET-CARD", "超市购物卡 100 元", "shopping_card", 100, 200, null, [], true),
    ];
}

/// <summary>What one demo's points story says: whose class hours earn more, its certification, the demo worker's note and skill application.</summary>
internal sealed record PointsDemoStory(
    string PositionNameLike, string CertificationCode, string CertificationName, string? NoteCourse, string ApprovedNote, string WaitingNote,
    string ApplicationTitle, string ApplicationDescription, string ConfirmedBy);
