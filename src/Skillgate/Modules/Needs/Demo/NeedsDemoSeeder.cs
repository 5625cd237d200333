using Dapper;
using Npgsql;
using Skillgate.Modules.Needs.Analysis;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Needs.Demo;

/// <summary>
/// With the demo plant: the mapping tables (cold solder → the TIG practical course, clause 8.5 → the assembly skill, a laser welding
/// cell → the welding skill), a planned laser welding cell for the welding workshop, a training survey half answered, then one
/// analysis run so the needs page has work.
/// </summary>
internal sealed class NeedsDemoSeeder(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM needs.mapping)"))
        {
            return;
        }

        var course = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM learning.course_v WHERE code = 'WELD-TIG-PR'");
        var assembly = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM competence.skill_v WHERE code = 'ASSY'");
        var welding = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM competence.skill_v WHERE code = 'WELD'");
        var workshop = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM org.org_unit_v WHERE code = 'P1-WELD'");
        if (course is null || assembly is null || welding is null || workshop is null)
        {
            return;
        }

        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        await connection.ExecuteAsync(
            """
            INSERT INTO needs.mapping (id, kind, key, course_id, skill_id, created_at) VALUES
                (gen_random_uuid(), 'defect_type', '虚焊', @course, NULL, @now),
                (gen_random_uuid(), 'clause', '8.5', NULL, @assembly, @now),
                (gen_random_uuid(), 'equipment', 'LASER-WELD-CELL', NULL, @welding, @now);
            INSERT INTO needs.planned_change (id, title, equipment, org_unit_id, go_live_on, created_at)
            VALUES (gen_random_uuid(), '激光焊接工作站上线', 'LASER-WELD-CELL', @workshop, @goLive::date, @now);
            """,
            new { course, assembly, welding, workshop, now, goLive = DateOnly.FromDateTime(now).AddDays(75).ToDateTime(TimeOnly.MinValue) });
        await SurveyDemo.SeedAsync(connection, workshop.Value, now, SurveyDemo.Plant);
        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");
        await services.GetRequiredService<NeedAnalysis>().RunAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
