using Skillgate.Modules.Needs.Board;
using Skillgate.Modules.Needs.Rules;
using Skillgate.Modules.Needs.Surveys;
using Skillgate.Platform.Composition;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Needs;

internal sealed class NeedsModule : IModule
{
    public int Order => 8;

    public void AddServices(IServiceCollection services)
    {
        services.AddSingleton(NeedsHistoryVocabulary.Value);
        services.AddScoped<Analysis.NeedWriter>();
        services.AddScoped<Analysis.NeedAnalysis>();
        services.AddScoped<Board.NeedHandler>();
        services.AddScoped<Rules.RuleHandler>();
        services.AddScoped<Surveys.SurveyHandler>();
        services.AddScoped<Surveys.SurveyAnswers>();
        services.AddScoped<Surveys.SurveyResultsReader>();
        services.AddScoped<Surveys.SurveyNeeds>();
        services.AddScoped<Contracts.INeedIntake, Analysis.NeedIntake>();
        services.AddScoped<Contracts.INeedsOfPerson, Board.PersonNeeds>();
        services.AddSingleton(Board.WaitingTile.Tile);
        services.AddSingleton(Surveys.PendingTile.Tile);
        services.AddBackgroundJob<Analysis.NeedAnalysisDailyJob>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapNeedEndpoints();
        app.MapRuleEndpoints();
        app.MapSurveyEndpoints();
    }

    public void AddDemo(IServiceCollection services) => services.AddHostedService<Demo.NeedsDemoSeeder>();

    public void AddHospitalDemo(IServiceCollection services) => services.AddHostedService<Demo.HospitalNeedsDemoSeeder>();
}
