using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.Tests;

/// <summary>
/// The module walls in the data (issue 18): SQL text in a module names only its own schema's tables; Platform names none.
/// Today's crossings are recorded in <c>SqlWalls.baseline</c> (file and table) and may only shrink: a new one fails here.
/// </summary>
public sealed partial class SqlWallTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> SchemaOwners = new(StringComparer.Ordinal)
    {
        ["org"] = "Organization", ["competence"] = "Competence", ["standards"] = "Standards", ["learning"] = "Learning",
        ["training"] = "Training", ["quality"] = "Quality", ["needs"] = "Needs", ["workflow"] = "Workflow",
    };

    [Fact]
    public void No_module_or_platform_code_names_another_modules_table_beyond_the_recorded_crossings()
    {
        var root = PlatformTests.RepoRoot();
        var source = Path.Combine(root, "src", "Skillgate");
        var tables = Directory.GetFiles(Path.Combine(source, "Platform", "Data", "Migrations"), "*.sql")
            .SelectMany(f => CreateTable().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(t => SchemaOwners.ContainsKey(t.Split('.')[0]))
            .ToHashSet(StringComparer.Ordinal);
        var crossings = new SortedSet<string>(StringComparer.Ordinal);
        var occurrences = 0;
        foreach (var file in Directory.EnumerateFiles(source, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            var owner = Owner(relative);
            foreach (Match m in TableName().Matches(File.ReadAllText(file)))
            {
                var table = m.Value;
                if (tables.Contains(table) && SchemaOwners[table.Split('.')[0]] != owner)
                {
                    occurrences++;
                    crossings.Add($"{relative} {table}");
                }
            }
        }

        var baselineFile = Path.Combine(root, "tests", "Skillgate.Tests", "SqlWalls.baseline");
        if (Environment.GetEnvironmentVariable("SKILLGATE_UPDATE_SQL_WALLS") == "1")
        {
            File.WriteAllLines(baselineFile, crossings);
        }

        var baseline = File.ReadAllLines(baselineFile).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        output.WriteLine($"{occurrences} references to another module's tables in {crossings.Count} file/table pairs; {baseline.Count - baseline.Intersect(crossings).Count()} recorded pairs are gone");
        foreach (var group in crossings.GroupBy(c => Owner(c.Split(' ')[0])))
        {
            output.WriteLine($"  {group.Key}: {group.Count()}");
        }

        tables.Should().Contain("org.employee", "the migrations are read");
        crossings.Except(baseline).Should().BeEmpty("a module reads another module's data only through its published views and functions (issue 18)");
    }

    /// <summary>The module a source file belongs to; everything outside a module folder is Platform's.</summary>
    private static string Owner(string relative)
    {
        var parts = relative.Split('/');
        return parts[0] == "Modules" && parts.Length > 2 ? parts[1] : "Platform";
    }

    [GeneratedRegex(@"CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+\.[a-z_]+)")]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"\b(?:org|competence|standards|learning|training|quality|needs|workflow)\.[a-z_]+\b")]
    private static partial Regex TableName();
}
