using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Data;
using Xunit;

namespace Skillgate.Tests.Walls;

/// <summary>
/// One EF Core context per module (issue 18, ADR 0011): a module's context maps its own entities and the platform's only,
/// and a module's code names no other module's context, so no module can reach another's entities through a DbContext.
/// </summary>
public sealed class DbContextWallTests
{
    private static readonly Type[] Contexts = typeof(ModuleDb).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(ModuleDb)) && !t.IsAbstract).ToArray();

    [Fact]
    public void Every_module_with_entities_has_its_own_context_and_it_maps_only_its_module_and_the_platform()
    {
        Contexts.Select(c => c.Name).Should().Contain(["PlatformDb", "OrganizationDb", "StandardsDb", "CompetenceDb", "LearningDb", "TrainingDb", "QualityDb"]);
        var mapped = new List<string>();
        foreach (var type in Contexts)
        {
            var options = (DbContextOptions)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(type))
                .As<DbContextOptionsBuilder>().UseNpgsql("Host=unused").Options;
            using var context = (ModuleDb)Activator.CreateInstance(type, options)!;
            var own = Module(type);
            foreach (var entity in context.Model.GetEntityTypes())
            {
                var owner = Module(entity.ClrType);
                owner.Should().BeOneOf([own, "Platform"], $"{type.Name} maps {entity.ClrType.FullName}");
                mapped.Add(entity.ClrType.FullName!);
            }
        }

        mapped.Should().Contain("Skillgate.Modules.Training.Domain.Session").And.Contain("Skillgate.Modules.Organization.Domain.Employee");
    }

    [Fact]
    public void A_module_names_only_its_own_context_or_the_platforms_and_the_platform_names_only_its_own()
    {
        var names = Contexts.ToDictionary(c => c.Name, Module);
        var violations = new List<string>();
        foreach (var (relative, text) in ModuleWalls.SourceFiles())
        {
            var owner = ModuleWalls.Owner(relative);
            foreach (var (name, module) in names.Where(n => n.Value != owner && n.Value != "Platform"))
            {
                if (System.Text.RegularExpressions.Regex.IsMatch(text, $@"\b{name}\b"))
                {
                    violations.Add($"{relative} names {name}");
                }
            }
        }

        violations.Should().BeEmpty();
    }

    private static string Module(Type type)
    {
        var parts = type.Namespace!.Split('.');
        return parts.Length > 2 && parts[1] == "Modules" ? parts[2] : "Platform";
    }
}
