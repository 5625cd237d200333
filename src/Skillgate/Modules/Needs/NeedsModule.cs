using Skillgate.Platform.Data;

namespace Skillgate.Modules.Needs;

internal static class NeedsModule
{
    public static void AddNeeds(IServiceCollection services)
    {
        services.AddSingleton(NeedsHistoryVocabulary.Value);
        services.AddScoped<Analysis.NeedWriter>();
        services.AddScoped<Analysis.NeedAnalysis>();
        services.AddScoped<Board.NeedHandler>();
        services.AddScoped<Rules.RuleHandler>();
        services.AddScoped<Contracts.INeedIntake, Analysis.NeedIntake>();
        services.AddBackgroundJob<Analysis.NeedAnalysisDailyJob>();
    }
}
