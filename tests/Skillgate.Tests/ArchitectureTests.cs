using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using FluentAssertions;
using Skillgate.Platform;
using Xunit;

namespace Skillgate.Tests;

/// <summary>Keeps the module boundaries of DESIGN.md: modules meet only through Contracts, everything else is internal sealed.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly Type[] AppTypes = typeof(SkillgateApp).Assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith("Skillgate", StringComparison.Ordinal) == true && !t.IsDefined(typeof(CompilerGeneratedAttribute), false) && !t.IsNested)
        .ToArray();

    [Fact]
    public void Only_contracts_are_public()
    {
        AppTypes.Where(t => t.IsPublic && !t.Namespace!.EndsWith(".Contracts", StringComparison.Ordinal) && t != typeof(SkillgateApp))
            .Select(t => t.FullName).Should().BeEmpty();
    }

    [Fact]
    public void Concrete_classes_are_sealed()
    {
        AppTypes.Where(t => t.IsClass && !t.IsAbstract && !t.IsSealed && t.Name != "Program")
            .Select(t => t.FullName).Should().BeEmpty();
    }

    [Fact]
    public void A_module_uses_another_module_only_through_its_contracts_and_the_platform_uses_no_module()
    {
        var src = Path.Combine(PlatformTests.RepoRoot(), "src", "Skillgate");
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var owner = relative.StartsWith("Modules/", StringComparison.Ordinal) ? relative.Split('/')[1] : "Platform";
            foreach (Match m in ModuleReference().Matches(File.ReadAllText(file)))
            {
                var (module, part) = (m.Groups[1].Value, m.Groups[2].Value);
                if (module != owner && part != "Contracts" && module != "Shared")
                {
                    violations.Add($"{relative} uses Modules.{module}.{part}");
                }
            }
        }

        violations.Should().BeEmpty();
    }

    [Fact]
    public void Endpoints_live_beside_their_feature_in_an_endpoints_file()
    {
        var src = Path.Combine(PlatformTests.RepoRoot(), "src", "Skillgate");
        Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => EndpointMapping().IsMatch(File.ReadAllText(f)) && !f.EndsWith("Endpoints.cs", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(src, f)).Should().BeEmpty("each feature maps its /api/v1 endpoints in its own <Feature>Endpoints.cs (ADR 0012)");
    }

    [GeneratedRegex(@"\.Map(Get|Post|Put|Delete|Patch|Methods)\(")]
    private static partial Regex EndpointMapping();

    [GeneratedRegex(@"Modules\.([A-Z][A-Za-z]+)\.([A-Z][A-Za-z]+)")]
    private static partial Regex ModuleReference();
}
