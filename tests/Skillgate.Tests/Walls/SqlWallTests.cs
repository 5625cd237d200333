using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.Tests.Walls;

/// <summary>
/// The module walls in the data (issue 18, ADR 0007), in the source: SQL text in a module names its own schema's tables and other
/// modules' published views and functions only; Platform code names no module table; the org tree's encoding (<c>path LIKE</c>)
/// stays inside the org module. What the migrations leave in the database is checked by <see cref="PublishedReadModelTests"/>.
/// </summary>
public sealed partial class SqlWallTests(ITestOutputHelper output)
{
    [Fact]
    public void Module_and_platform_code_reads_other_modules_only_through_their_published_views_and_functions()
    {
        var tables = ModuleWalls.Tables();
        var routines = ModuleWalls.Routines();
        var published = ModuleWalls.Published();
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        var crossings = 0;
        foreach (var (relative, text) in ModuleWalls.SourceFiles())
        {
            var owner = ModuleWalls.Owner(relative);
            foreach (var name in ModuleWalls.Names(text).Where(n => ModuleWalls.SchemaOwners[ModuleWalls.Schema(n)] != owner))
            {
                if (published.ContainsKey(name))
                {
                    crossings++;
                }
                else if (tables.Contains(name) || routines.Contains(name))
                {
                    violations.Add($"{relative} names {name}");
                }
            }

            if (owner != "Organization" && ModuleWalls.HasPathLike(text))
            {
                violations.Add($"{relative} matches on the org tree's path (ask org.unit_within or org.unit_subtree)");
            }
        }

        output.WriteLine($"{crossings} readings of other modules' published views and functions");
        tables.Should().Contain("org.employee", "the migrations are read");
        published.Should().ContainKey("org.employee_v", "the contracts are read");
        violations.Should().BeEmpty("a module reads another module's data only through its published views and functions (issue 18)");
    }

    [Fact]
    public void Every_published_name_belongs_to_the_module_that_publishes_it()
    {
        ModuleWalls.Published().Where(p => ModuleWalls.SchemaOwners[ModuleWalls.Schema(p.Key)] != p.Value)
            .Select(p => $"{p.Value} lists {p.Key}").Should().BeEmpty();
    }

    [Fact]
    public void Only_the_platform_writes_audit_rows()
    {
        ModuleWalls.SourceFiles().Where(f => ModuleWalls.Owner(f.Relative) != "Platform" && AuditInsert().IsMatch(f.Text)).Select(f => f.Relative)
            .Should().BeEmpty("changes reach the audit trail through the platform's one write path (AuditingInterceptor, AuditSql)");
    }

    [Fact]
    public void Plain_sql_writes_record_their_audit_rows_through_the_unit_of_work()
    {
        ModuleWalls.SourceFiles().Where(f => f.Relative != "Platform/Data/UnitOfWork.cs" && f.Text.Contains("AuditSql.Write", StringComparison.Ordinal))
            .Select(f => f.Relative)
            .Should().BeEmpty("the unit of work writes them in its transaction with its actor and clock (ADR 0011)");
    }

    [GeneratedRegex(@"INSERT\s+INTO\s+audit\.", RegexOptions.IgnoreCase)]
    private static partial Regex AuditInsert();
}
