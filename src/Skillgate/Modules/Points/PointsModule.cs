using Microsoft.AspNetCore.RateLimiting;
using Skillgate.Platform.Data;
using Skillgate.Platform.Composition;

namespace Skillgate.Modules.Points;

/// <summary>Points: the append-only ledger paid by learning results, the rules per unit and position, monthly boards and HR's corrections.</summary>
internal sealed class PointsModule : IModule
{
    /// <summary>
    /// Redemptions queue for a few database connections: when a popular item opens, a whole shift asking at once is served in
    /// order (each waits for the item's lock anyway) instead of taking a connection each.
    /// </summary>
    public const string StoreQueue = "points-store-queue";

    public int Order => 12;

    public void AddServices(IServiceCollection services)
    {
        services.AddRateLimiter(o => o.AddConcurrencyLimiter(StoreQueue, c =>
        {
            c.PermitLimit = 8;
            c.QueueLimit = 20_000;
            c.QueueProcessingOrder = System.Threading.RateLimiting.QueueProcessingOrder.OldestFirst;
        }));
        services.AddScoped<Ledger.PlantCalendar>();
        services.AddScoped<Ledger.PointsLedger>();
        services.AddScoped<Ledger.AccountQueries>();
        services.AddSingleton(Ledger.MyPointsTile.Tile);
        services.AddScoped<Ledger.CorrectionHandler>();
        services.AddScoped<Boards.BoardHandler>();
        services.AddScoped<Boards.DashboardHandler>();
        services.AddSingleton(Boards.UnitBoardPanel.Panel);
        services.AddSingleton(Boards.EarnersPanel.Panel);
        services.AddSingleton(Boards.MonthlyPointsSection.Section);
        services.AddBackgroundJob<Boards.MonthlyBoardJob>();
        services.AddScoped<Rules.RuleHandler>();
        services.AddScoped<Store.StoreHandler>();
        services.AddScoped<Growth.SkillApplicationHandler>();
        services.AddScoped<Growth.InteractionHandler>();
        services.AddScoped<Notes.NoteHandler>();
        services.AddScoped<Certifications.CertificationGrants>();
        services.AddScoped<Certifications.CertificationHandler>();
        services.AddScoped<Learning.Contracts.ILearningResultListener, Ledger.LearningAwards>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapPointsEndpoints();

    public void AddDemo(IServiceCollection services) => services.AddHostedService<Demo.PointsDemoSeeder>();

    public void AddHospitalDemo(IServiceCollection services) => services.AddHostedService<Demo.HospitalPointsDemoSeeder>();
}
