using Skillgate.Modules.Training.Anomalies;
using Skillgate.Modules.Training.Attendance;
using Skillgate.Modules.Training.Demand;
using Skillgate.Modules.Training.Evidence;
using Skillgate.Modules.Training.Faces;
using Skillgate.Modules.Training.Kiosks;
using Skillgate.Modules.Training.Live;
using Skillgate.Modules.Training.Mandatory;
using Skillgate.Modules.Training.Plans;
using Skillgate.Modules.Training.Reports;
using Skillgate.Modules.Training.Results;
using Skillgate.Modules.Training.Rooms;
using Skillgate.Modules.Training.Sessions;
using Skillgate.Platform.Composition;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training;

internal sealed class TrainingModule : IModule
{
    public int Order => 6;

    public void AddServices(IServiceCollection services)
    {
        services.AddModuleDb<TrainingDb>();
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o => o.Conventions.AllowAnonymousToPage("/Training/Kiosks/Kiosk"));
        services.AddSingleton(TrainingHistoryVocabulary.Value);
        services.AddScoped<Rooms.RoomHandler>();
        services.AddScoped<Sessions.ConflictFinder>();
        services.AddScoped<Sessions.SessionQueries>();
        services.AddScoped<Sessions.SessionHandler>();
        services.AddScoped<Attendance.AttendanceHandler>();
        services.AddScoped<Attendance.AttendanceRecorder>();
        services.AddScoped<Attendance.QrCheckIn>();
        services.AddSingleton<Attendance.AttendanceWriter>();
        services.AddSingleton<Attendance.SessionSecrets>();
        services.AddSingleton(sp => Attendance.PlaceRules.From(sp.GetRequiredService<IConfiguration>()));
        services.AddHostedService(sp => sp.GetRequiredService<Attendance.AttendanceWriter>());
        services.AddScoped<Kiosks.KioskHandler>();
        services.AddScoped<Live.LiveAttendance>();
        services.AddScoped<Evidence.PhotoHandler>();
        services.AddScoped<Evidence.PaperSheetHandler>();
        services.AddSingleton<Faces.FaceCounter>();
        services.AddScoped<Platform.Health.IHealthReporter, Faces.FaceCounterHealth>();
        services.AddSingleton<Faces.FaceTemplateCipher>();
        services.AddScoped<Faces.FaceHandler>();
        services.AddScoped<Faces.PinHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<Faces.KioskPin>, Microsoft.AspNetCore.Identity.PasswordHasher<Faces.KioskPin>>();
        services.AddScoped<Anomalies.AnomalyHandler>();
        services.AddSingleton(Home.WeekTile.Tile);
        services.AddSingleton(Home.NextSessionTile.Tile);
        services.AddScoped<Results.SessionResults>();
        services.AddScoped<Results.ResultHandler>();
        services.AddScoped<Rules.RuleQueries>();
        services.AddScoped<Reports.AttendanceReport>();
        services.AddScoped<Mandatory.MandatoryInvitations>();
        services.AddScoped<Plans.PlanHandler>();
        services.AddScoped<Demand.DemandForecast>();
        services.AddScoped<Demand.DemandHandler>();
        services.AddSingleton(Plans.BudgetTile.Tile);
        services.AddSingleton(Home.ParticipationPanel.Panel);
        services.AddSingleton(Reports.MonthlySections.Participation);
        services.AddSingleton(Reports.MonthlySections.Anomalies);
        services.AddScoped<Reports.MonthlyReport>();
        services.AddBackgroundJob<Reports.MonthlyReportJob>();
        services.AddScoped<Contracts.ITrainingPlans>(sp => sp.GetRequiredService<Plans.PlanHandler>());
        services.AddBackgroundJob<Mandatory.MandatoryInviteJob>();
        services.AddBackgroundJob<Live.AttendanceAlertJob>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapRoomEndpoints();
        app.MapSessionEndpoints();
        app.MapResultEndpoints();
        app.MapSessionAttendanceEndpoints();
        app.MapEvidenceEndpoints();
        app.MapLiveEndpoints();
        app.MapAnomalyEndpoints();
        app.MapReportEndpoints();
        app.MapMandatoryEndpoints();
        app.MapPlanEndpoints();
        app.MapDemandEndpoints();
        app.MapCheckInEndpoints();
        app.MapFaceEndpoints();
        app.MapKioskEndpoints();
    }

    public void AddDemo(IServiceCollection services) => services.AddHostedService<Demo.TrainingDemoSeeder>();

    public void AddHospitalDemo(IServiceCollection services) => services.AddHostedService<Demo.HospitalTrainingDemoSeeder>();
}
