using Skillgate.Modules.Competence.Completions;
using Skillgate.Modules.Competence.Gate;
using Skillgate.Modules.Competence.Matrix;
using Skillgate.Modules.Competence.Operations;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Modules.Competence.Requirements;
using Skillgate.Modules.Competence.Skills;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Composition;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Competence;

internal sealed class CompetenceModule : IModule
{
    public int Order => 4;

    public void AddServices(IServiceCollection services)
    {
        services.AddModuleDb<CompetenceDb>();
        services.AddSingleton(CompetenceHistoryVocabulary.Value);
        services.AddScoped<Standards.Contracts.IDocumentVersionListener, Qualifications.DocumentVersionRefresher>();
        services.AddScoped<Qualifications.QualificationEngine>();
        services.AddScoped<Qualifications.QualificationQueries>();
        services.AddSingleton(Qualifications.MyQualificationsTile.Tile);
        services.AddSingleton(Matrix.TeamGapsTile.Tile);
        services.AddSingleton(Matrix.CoverageTile.Tile);
        services.AddSingleton(Matrix.CoveragePanel.Panel);
        services.AddSingleton(Matrix.MonthlyCoverageSection.Section);
        services.AddScoped<Contracts.IQualificationHistory, Qualifications.QualificationHistory>();
        services.AddScoped<Gate.GateHandler>();
        services.AddScoped<IAssignmentGate>(sp => sp.GetRequiredService<Gate.GateHandler>());
        services.AddScoped<Gate.OverrideHandler>();
        services.AddScoped<Gate.QualificationCheck>();
        services.AddScoped<Skills.SkillHandler>();
        services.AddScoped<Contracts.ISkillCatalog>(sp => sp.GetRequiredService<Skills.SkillHandler>());
        services.AddScoped<Operations.OperationHandler>();
        services.AddScoped<Requirements.RequirementHandler>();
        services.AddScoped<Completions.CompletionHandler>();
        services.AddScoped<Contracts.ICompetenceRecorder, Completions.CompetenceRecorder>();
        services.AddScoped<Qualifications.PointsStandingRefresher>();
        services.AddScoped<Contracts.IPointsStandingRefresh>(sp => sp.GetRequiredService<Qualifications.PointsStandingRefresher>());
        services.AddScoped<Qualifications.CreditsStandingRefresher>();
        services.AddScoped<Contracts.ICreditsStandingRefresh>(sp => sp.GetRequiredService<Qualifications.CreditsStandingRefresher>());
        services.AddScoped<Matrix.MatrixHandler>();
        services.AddSingleton(Profile.QualificationsTab.Tab);
        services.AddBackgroundJob<Qualifications.QualificationDailyJob>();
        services.AddBackgroundJob<Qualifications.StandingFoldJob>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapSkillEndpoints();
        app.MapEmployeeCompetenceEndpoints();
        app.MapOperationEndpoints();
        app.MapRequirementEndpoints();
        app.MapCompletionEndpoints();
        app.MapGateEndpoints();
        app.MapOverrideEndpoints();
        app.MapMatrixEndpoints();
        app.MapQualificationJobEndpoints();
    }

    public void AddDemo(IServiceCollection services) => services.AddHostedService<Demo.CompetenceDemoSeeder>();

    public void AddHospitalDemo(IServiceCollection services) => services.AddHostedService<Demo.HospitalCompetenceDemoSeeder>();
}
