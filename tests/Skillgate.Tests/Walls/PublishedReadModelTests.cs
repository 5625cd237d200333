using Dapper;
using FluentAssertions;
using Npgsql;
using Skillgate.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.Tests.Walls;

/// <summary>
/// The module walls in what the migrations (the .sql files) leave in the database: every function, view and row-security policy
/// names its own schema's tables and other modules' published views and functions only, the org tree's path is matched only
/// inside org's own functions, and the published read models listed in the modules' Contracts/ReadModels.md are exactly the
/// views and functions there are.
/// </summary>
public sealed class PublishedReadModelTests(ITestOutputHelper output)
{
    private static readonly string[] PlatformSchemas = ["platform", "audit", "auth"];

    [Fact]
    public async Task Functions_views_and_policies_read_other_modules_only_through_their_published_read_models()
    {
        var sql = await SqlTextsAsync();
        var tables = ModuleWalls.Tables();
        var published = ModuleWalls.Published();
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (owner, name, text) in sql)
        {
            foreach (var used in ModuleWalls.Names(text).Where(n => ModuleWalls.Schema(n) != owner && !published.ContainsKey(n)))
            {
                violations.Add($"{name} ({owner}) names {used}{(tables.Contains(used) ? ", a table" : "")}");
            }

            if (owner != "org" && ModuleWalls.HasPathLike(text))
            {
                violations.Add($"{name} ({owner}) matches on the org tree's path");
            }
        }

        output.WriteLine($"{sql.Count} functions, views and policies read");
        sql.Should().Contain(s => s.Name == "competence.evaluate_at", "the catalog is read");
        violations.Should().BeEmpty("tables are private to their module; others read its published views and functions (issue 18)");
    }

    [Fact]
    public async Task The_published_read_models_are_exactly_the_views_there_are_and_each_exists()
    {
        var published = ModuleWalls.Published();
        await using var connection = new NpgsqlConnection(await TestCluster.CreateDatabaseAsync());
        var views = (await connection.QueryAsync<string>(
            "SELECT schemaname || '.' || viewname FROM pg_views WHERE schemaname = ANY (@schemas)",
            new { schemas = ModuleWalls.SchemaOwners.Keys.ToArray() })).ToHashSet(StringComparer.Ordinal);
        var functions = (await connection.QueryAsync<string>(
            "SELECT n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY (@schemas)",
            new { schemas = ModuleWalls.SchemaOwners.Keys.ToArray() })).ToHashSet(StringComparer.Ordinal);

        published.Keys.Where(p => !views.Contains(p) && !functions.Contains(p)).Should().BeEmpty("a published read model exists");
        views.Where(v => !published.ContainsKey(v)).Should().BeEmpty("a module makes a view only to publish it, and lists it in Contracts/ReadModels.md");
    }

    /// <summary>Each function's, view's and policy's SQL with the schema it belongs to (for a policy: its table's).</summary>
    private static async Task<List<(string Owner, string Name, string Text)>> SqlTextsAsync()
    {
        var schemas = ModuleWalls.SchemaOwners.Keys.Concat(PlatformSchemas).ToArray();
        await using var connection = new NpgsqlConnection(await TestCluster.CreateDatabaseAsync());
        var rows = await connection.QueryAsync<(string Owner, string Name, string Text)>(
            """
            SELECT n.nspname, n.nspname || '.' || p.proname, pg_get_functiondef(p.oid)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY (@schemas) AND p.prokind IN ('f', 'p')
            UNION ALL
            SELECT schemaname, schemaname || '.' || viewname, definition FROM pg_views WHERE schemaname = ANY (@schemas)
            UNION ALL
            SELECT schemaname, schemaname || '.' || tablename || ' policy ' || policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '')
            FROM pg_policies WHERE schemaname = ANY (@schemas)
            """, new { schemas });
        return rows.ToList();
    }
}
