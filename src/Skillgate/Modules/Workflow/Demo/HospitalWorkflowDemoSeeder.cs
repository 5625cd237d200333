using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Modules.Workflow.Instances;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Workflow.Demo;

/// <summary>
/// With the demo hospital: the built-in processes reworded and restaffed for a hospital (before anything is audited, so no
/// plant wording is left in the trail), the clinical and quality-control directors, and two procedure updates submitted by
/// surgery's chief that wait for the quality-control office's review — the surgical safety checklist's new imaging check and
/// the pre-filled flush syringes for IV therapy.
/// </summary>
internal sealed class HospitalWorkflowDemoSeeder(IServiceScopeFactory scopes, IHttpContextAccessor http, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(cancellationToken);
        var units = (await connection.QueryAsync<(string Code, Guid Id)>("SELECT code, id FROM org.org_unit_v WHERE code IN ('HOSP', 'HOSP-SURG')")).ToDictionary(u => u.Code, u => u.Id);
        if (units.Count < 2 || await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM workflow.instance)"))
        {
            return;
        }

        await RewordAsync(connection);
        await connection.ExecuteAsync(
            """
            INSERT INTO workflow.director (org_unit_id, function, user_id)
            SELECT @hospital, d.function, u.id FROM (VALUES ('clinical', 'director'), ('quality_control', 'qcdirector')) AS d (function, user_name)
            JOIN auth.app_user u ON u.user_name = d.user_name
            ON CONFLICT DO NOTHING
            """, new { hospital = units["HOSP"] });

        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            await StartUpdatesAsync(connection, units["HOSP-SURG"], cancellationToken);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
            http.HttpContext = null;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task RewordAsync(NpgsqlConnection connection)
    {
        var versions = await connection.QueryAsync<(Guid Id, string Code, string Steps)>(
            "SELECT v.id, d.code, v.steps::text FROM workflow.definition_version v JOIN workflow.definition d ON d.id = v.definition_id");
        foreach (var (id, code, steps) in versions)
        {
            await connection.ExecuteAsync("UPDATE workflow.definition_version SET steps = @steps::jsonb WHERE id = @id", new { id, steps = HospitalProcesses.Reword(code, steps) });
        }

        foreach (var (code, name) in HospitalProcesses.Names)
        {
            await connection.ExecuteAsync("UPDATE workflow.definition SET name_zh = @Zh, name_en = @En WHERE code = @code", new { code, name.Zh, name.En });
        }
    }

    private async Task StartUpdatesAsync(NpgsqlConnection connection, Guid surgery, CancellationToken ct)
    {
        var operations = (await connection.QueryAsync<(string Code, Guid Id)>("SELECT code, id FROM competence.operation_v WHERE code IN ('SSC-OR', 'IVT-SURG')")).ToDictionary(o => o.Code, o => o.Id);
        var courses = (await connection.QueryAsync<(string Code, Guid Id)>(
            "SELECT code, id FROM learning.course_v WHERE code IN ('SSC-01-T', 'IVT-01-T') AND status = 'published'")).ToDictionary(c => c.Code, c => c.Id);
        if (operations.Count < 2 || courses.Count < 2)
        {
            return;
        }

        var goLive = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (string Title, string Operation, string Course, string Change)[] updates =
        [
            ("手术安全核查表增加术前影像资料核对", "SSC-OR", "SSC-01-T", "麻醉实施前三方核查增加影像资料与手术部位标记核对，核查表同步修订为 v2.0"),
            ("外周静脉导管冲封管改用预充式导管冲洗器", "IVT-SURG", "IVT-01-T", "外周静脉导管冲封管由自行抽取生理盐水改为预充式导管冲洗器，减少污染与静脉炎"),
        ];
        foreach (var (title, operation, course, change) in updates)
        {
            var fields = new Dictionary<string, string?>
            {
                ["operation"] = operations[operation].ToString(), ["course"] = courses[course].ToString(), ["change"] = change, ["goLive"] = goLive,
            };
            await ActingUser.RunAsync(scopes, http, "chief", s => s.GetRequiredService<InstanceHandler>().StartAsync(new StartInput("MOC", surgery, title, fields, null), ct), ct);
        }
    }
}
