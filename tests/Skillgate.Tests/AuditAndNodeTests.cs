using System.Net.Http.Json;
using FluentAssertions;
using Npgsql;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

public sealed class AuditAndNodeTests(SkillgateFactory app) : IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Every_change_is_audited_and_verify_audit_detects_an_edited_row()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(admin, "AU");
        var history = await admin.GetFromJsonAsync<List<EntryDto>>($"/api/v1/employees/{org.EmployeeA}/history");
        history.Should().ContainSingle(e => e.Action == "created");

        var intact = await AppProcess.RunCommandAsync(app.ConnectionString, "verify-audit");
        intact.ExitCode.Should().Be(0, intact.Output);
        intact.Output.Should().Contain("intact");

        await using var ds = app.OpenDataSource();
        long seq;
        await using (var pick = ds.CreateCommand("SELECT seq FROM audit.event WHERE entity_id = @id ORDER BY seq LIMIT 1"))
        {
            pick.Parameters.AddWithValue("id", org.EmployeeA);
            seq = (long)(await pick.ExecuteScalarAsync())!;
        }

        await using (var tamper = ds.CreateCommand("UPDATE audit.event SET after = jsonb_set(after, '{name}', '\"篡改\"') WHERE seq = @seq"))
        {
            tamper.Parameters.AddWithValue("seq", seq);
            (await tamper.ExecuteNonQueryAsync()).Should().Be(1);
        }

        var broken = await AppProcess.RunCommandAsync(app.ConnectionString, "verify-audit");
        broken.ExitCode.Should().Be(1);
        broken.Output.Should().Contain($"broken at seq {seq}");
    }

    [Fact]
    public async Task Two_app_processes_on_one_database_apply_migrations_once_and_both_serve()
    {
        var connectionString = await TestCluster.CreateDatabaseAsync(migrated: false);
        await using var first = AppProcess.Start(connectionString);
        await using var second = AppProcess.Start(connectionString);
        using var http = new HttpClient();

        var healthA = await first.WaitHealthyAsync(http);
        var healthB = await second.WaitHealthyAsync(http);

        healthA.IsSuccessStatusCode.Should().BeTrue();
        healthB.IsSuccessStatusCode.Should().BeTrue();
        await using var ds = NpgsqlDataSource.Create(connectionString);
        await using var cmd = ds.CreateCommand("SELECT count(*), count(DISTINCT version) FROM platform.schema_migration");
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(0).Should().Be(reader.GetInt64(1)).And.BeGreaterThanOrEqualTo(2);
        await using var admins = ds.CreateCommand("SELECT count(*) FROM auth.app_user WHERE user_name = 'admin'");
        ((long)(await admins.ExecuteScalarAsync())!).Should().Be(1);
    }

    public sealed record EntryDto(long Seq, string Action);
}
