using System.Text.RegularExpressions;

namespace Skillgate.Tests.Walls;

/// <summary>
/// What the module walls in the data are made of (issue 18, ADR 0007): which schema each module owns, the tables the migrations
/// create, and the views and functions each module publishes in its <c>Contracts/ReadModels.md</c>.
/// </summary>
internal static partial class ModuleWalls
{
    public static readonly IReadOnlyDictionary<string, string> SchemaOwners = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["org"] = "Organization", ["competence"] = "Competence", ["standards"] = "Standards", ["learning"] = "Learning",
        ["training"] = "Training", ["quality"] = "Quality", ["needs"] = "Needs", ["workflow"] = "Workflow", ["effectiveness"] = "Effectiveness", ["kpi"] = "Performance", ["points"] = "Points",
    };

    public static string Source => Path.Combine(PlatformTests.RepoRoot(), "src", "Skillgate");

    public static IReadOnlySet<string> Tables() =>
        Migrations().SelectMany(sql => CreateTable().Matches(sql).Select(m => m.Groups[1].Value))
            .Where(t => SchemaOwners.ContainsKey(Schema(t))).ToHashSet(StringComparer.Ordinal);

    /// <summary>Views and functions the migrations create in a module's schema, published or not.</summary>
    public static IReadOnlySet<string> Routines() =>
        Migrations().SelectMany(sql => CreateRoutine().Matches(sql).Select(m => m.Groups[1].Value))
            .Where(t => SchemaOwners.ContainsKey(Schema(t))).ToHashSet(StringComparer.Ordinal);

    /// <summary>The names listed in the first column of every module's Contracts/ReadModels.md, with the module listing them.</summary>
    public static IReadOnlyDictionary<string, string> Published()
    {
        var published = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(Source, "Modules"), "ReadModels.md", SearchOption.AllDirectories))
        {
            var module = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file))!);
            foreach (var line in File.ReadLines(file).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
            {
                foreach (Match m in PublishedName().Matches(line.Split('|')[1]))
                {
                    published[m.Groups[1].Value] = module;
                }
            }
        }

        return published;
    }

    /// <summary>Every <c>schema.name</c> of a module schema in a text, leaving out text keys such as <c>org.employee.unknown</c>.</summary>
    public static IEnumerable<string> Names(string text) => SchemaName().Matches(text).Select(m => m.Value);

    public static IEnumerable<(string Relative, string Text)> SourceFiles()
    {
        var source = ModuleWalls.Source;
        var sep = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(source, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(source, f).Replace('\\', '/'), File.ReadAllText(f)));
    }

    /// <summary>The module a source file belongs to; everything outside a module folder is Platform's.</summary>
    public static string Owner(string relative)
    {
        var parts = relative.Split('/');
        return parts[0] == "Modules" && parts.Length > 2 ? parts[1] : "Platform";
    }

    public static bool HasPathLike(string text) => PathLike().IsMatch(text);

    public static string Schema(string name) => name.Split('.')[0];

    private static IEnumerable<string> Migrations() =>
        Directory.GetFiles(Path.Combine(Source, "Platform", "Data", "Migrations"), "*.sql").Order(StringComparer.Ordinal).Select(File.ReadAllText);

    [GeneratedRegex(@"CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+\.[a-z_]+)")]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"CREATE (?:OR REPLACE )?(?:VIEW|FUNCTION) ([a-z_]+\.[a-z_]+)")]
    private static partial Regex CreateRoutine();

    [GeneratedRegex(@"`([a-z_]+\.[a-z_]+)")]
    private static partial Regex PublishedName();

    [GeneratedRegex(@"\b(?:org|competence|standards|learning|training|quality|needs|workflow)\.[a-z_]+\b(?!\.\w)")]
    private static partial Regex SchemaName();

    [GeneratedRegex(@"\bpath\s+LIKE\b|\bLIKE\s+[\w.]*path\b", RegexOptions.IgnoreCase)]
    private static partial Regex PathLike();
}
