using Dapper;
using FluentAssertions;
using Npgsql;
using Skillgate.Platform.Data;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>Least privilege (issue 23): a database from before the two roles is handed to the owner; the app's role is no superuser.</summary>
public sealed class DatabaseRolesTests
{
    [Fact]
    public async Task A_database_migrated_by_the_superuser_is_handed_to_the_owner_and_the_app_role_holds_no_more_than_it_needs()
    {
        var superuser = await TestCluster.CreateDatabaseAsync(migrated: false);
        await MigrationRunner.ApplyAsync(superuser);
        var database = new NpgsqlConnectionStringBuilder(superuser).Database!;
        await using (var root = new NpgsqlConnection(superuser))
        {
            (await root.ExecuteScalarAsync<long>(Foreign)).Should().BePositive("the superuser migrated it");
        }

        await DatabaseRoles.AdoptAsync(superuser, database, CancellationToken.None);
        await using (var root = new NpgsqlConnection(superuser))
        {
            (await root.ExecuteScalarAsync<long>(Foreign)).Should().Be(0);
            (await root.ExecuteScalarAsync<string>("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")).Should().Be(DatabaseRoles.Owner);
        }

        (await MigrationRunner.ApplyAsync(TestCluster.AsOwner(superuser))).Should().BeEmpty("the owner runs later starts' migrations");
        await using var app = new NpgsqlConnection(TestCluster.AsApp(superuser));
        await app.OpenAsync();
        var role = await app.QuerySingleAsync<(bool Super, bool Bypass, bool CreateRole)>(
            "SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = current_user");
        role.Should().Be((false, false, false));
        (await app.ExecuteScalarAsync<int>("SELECT audit.sequence(10)")).Should().Be(0);
        var escalate = async () => await app.ExecuteAsync("SET ROLE skillgate_owner");
        await escalate.Should().ThrowAsync<PostgresException>();
    }

    private const string Foreign =
        """
        SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'public') AND c.relowner <> 'skillgate_owner'::regrole
        """;
}
