using Skillgate.Modules.Effectiveness.Cli;
using Skillgate.Modules.Effectiveness.Costs;
using Skillgate.Modules.Effectiveness.Evaluations;
using Skillgate.Platform.Composition;

namespace Skillgate.Modules.Effectiveness;

/// <summary>Training effectiveness: whether training changed quality, against matched untrained peers, and what it was worth.</summary>
internal sealed class EffectivenessModule : IModule
{
    public int Order => 10;

    public IReadOnlyDictionary<string, Func<string[], TextWriter, Task<int>>> Commands { get; } =
        new Dictionary<string, Func<string[], TextWriter, Task<int>>> { ["stats"] = StatsCommand.RunAsync };

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<PanelBuilder>();
        services.AddScoped<EvaluationContextQueries>();
        services.AddScoped<EvaluationHandler>();
        services.AddScoped<EvaluationReport>();
        services.AddSingleton(CockpitPanels.Effects);
        services.AddSingleton(CockpitPanels.CostSaving);
        services.AddSingleton(MonthlyEffectsSection.Section);
        services.AddScoped<CostRateHandler>();
        services.AddScoped<EvaluationChoices>();
    }

    public void AddDemo(IServiceCollection services) => services.AddHostedService<Demo.EffectivenessDemoSeeder>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapEvaluationEndpoints();
        app.MapCostRateEndpoints();
    }
}
