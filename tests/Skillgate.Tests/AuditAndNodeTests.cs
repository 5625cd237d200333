using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Skillgate.Platform.Audit;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

public sealed class AuditAndNodeTests(SkillgateFactory app) : IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Every_change_is_audited_and_verify_audit_detects_an_edited_row_and_a_deleted_tail()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(admin, "AU");
        var history = await admin.GetFromJsonAsync<List<EntryDto>>($"/api/v1/employees/{org.EmployeeA}/history");
        history.Should().ContainSingle(e => e.Action == "created");
        var chain = app.Services.GetRequiredService<AuditChain>();
        await chain.ChainCommittedAsync();
        await using var ds = app.OpenDataSource();
        await using (var placed = ds.CreateCommand("SELECT count(*) FROM audit.event WHERE entity_id = @id AND seq IS NULL"))
        {
            placed.Parameters.AddWithValue("id", org.EmployeeA);
            ((long)(await placed.ExecuteScalarAsync())!).Should().Be(0, "the employee's records are chained");
        }

        (await chain.CheckpointAsync(force: true, CancellationToken.None)).Should().NotBeNull();
        var dataFolder = new Dictionary<string, string> { ["Skillgate__DataPath"] = app.DataPath };

        var intact = await AppProcess.RunCommandAsync(app.ConnectionString, dataFolder, "verify-audit");
        intact.ExitCode.Should().Be(0, intact.Output);
        intact.Output.Should().Contain("intact").And.Contain("checkpoints in " + app.DataPath);

        var head = await ds.CreateCommand("SELECT max(seq) FROM audit.event").ExecuteScalarAsync();
        await using (var cut = ds.CreateCommand("SET session_replication_role = replica; DELETE FROM audit.event WHERE seq = @head"))
        {
            cut.Parameters.AddWithValue("head", (long)head!);
            (await cut.ExecuteNonQueryAsync()).Should().Be(1);
        }

        var tail = await AppProcess.RunCommandAsync(app.ConnectionString, dataFolder, "verify-audit");
        tail.ExitCode.Should().Be(1);
        tail.Output.Should().Contain($"broken at seq {head}: tail_missing; last good checkpoint at seq");

        long seq;
        await using (var pick = ds.CreateCommand("SELECT seq FROM audit.event WHERE entity_id = @id ORDER BY seq LIMIT 1"))
        {
            pick.Parameters.AddWithValue("id", org.EmployeeA);
            seq = (long)(await pick.ExecuteScalarAsync())!;
        }

        await using (var tamper = ds.CreateCommand("SET session_replication_role = replica; UPDATE audit.event SET after = jsonb_set(after, '{name}', '\"篡改\"') WHERE seq = @seq"))
        {
            tamper.Parameters.AddWithValue("seq", seq);
            (await tamper.ExecuteNonQueryAsync()).Should().Be(1);
        }

        var broken = await AppProcess.RunCommandAsync(app.ConnectionString, dataFolder, "verify-audit");
        broken.ExitCode.Should().Be(1);
        broken.Output.Should().Contain($"broken at seq {seq}: content_changed");
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
