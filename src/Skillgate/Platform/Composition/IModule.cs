namespace Skillgate.Platform.Composition;

/// <summary>
/// A module composes itself: its services (handlers, jobs, history vocabulary, profile tabs, page conventions) and its endpoints.
/// <see cref="SkillgateApp"/> adds every module of the assembly without naming any; a module's part of the demo plant is added
/// only by the <c>seed-demo</c> command (and by tests that want the demo plant).
/// </summary>
internal interface IModule
{
    void AddServices(IServiceCollection services);

    void MapEndpoints(IEndpointRouteBuilder app);

    /// <summary>Its place among the modules: after those it builds on (lower first). Services, endpoints and demo data follow it.</summary>
    int Order { get; }

    void AddDemo(IServiceCollection services)
    {
    }

    /// <summary>Its part of the demo hospital (<c>seed-demo hospital</c>), registered instead of <see cref="AddDemo"/>.</summary>
    void AddHospitalDemo(IServiceCollection services)
    {
    }

    /// <summary>Command-line verbs it answers (<c>Skillgate &lt;verb&gt; …</c>), run without the web host; each returns the exit code.</summary>
    IReadOnlyDictionary<string, Func<string[], TextWriter, Task<int>>> Commands => new Dictionary<string, Func<string[], TextWriter, Task<int>>>();
}

internal static class ModuleCatalog
{
    /// <summary>Every module of the application, each after those it builds on.</summary>
    public static readonly IReadOnlyList<IModule> All = typeof(IModule).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IModule)))
        .Select(t => (IModule)Activator.CreateInstance(t)!)
        .OrderBy(m => m.Order)
        .ThenBy(m => m.GetType().Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>The module command named <paramref name="verb"/>, if a module declares one.</summary>
    public static Func<string[], TextWriter, Task<int>>? Command(string? verb) =>
        verb is null ? null : All.Select(m => m.Commands.GetValueOrDefault(verb)).FirstOrDefault(c => c is not null);

    /// <summary>The seeders of one demo (plant or hospital), each module's after those of the modules it builds on.</summary>
    public static void AddDemo(IServiceCollection services, string kind)
    {
        foreach (var module in All)
        {
            if (kind == Cli.DemoKinds.Hospital)
            {
                module.AddHospitalDemo(services);
            }
            else
            {
                module.AddDemo(services);
            }
        }
    }
}
