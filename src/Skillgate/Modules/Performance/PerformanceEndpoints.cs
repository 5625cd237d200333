using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Modules.Performance.Periods;
using Skillgate.Modules.Performance.Scores;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Performance;

internal static class PerformanceEndpoints
{
    public static void MapPerformanceEndpoints(this IEndpointRouteBuilder app)
    {
        var kpi = app.MapGroup("/api/v1/kpi").WithTags("KPIs");
        kpi.MapGet("/metrics", (DefinitionHandler h) => h.Metrics())
            .WithName("ListKpiMetrics").WithSummary("The metrics a KPI can measure, with what each divides by what.").RequireAuthorization(Permissions.KpiRead);
        kpi.MapGet("/definitions", (string? q, int? page, int? pageSize, DefinitionHandler h, CancellationToken ct) => h.ListAsync(q, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListKpiDefinitions").WithSummary("KPI definitions with the version in force today.").RequireAuthorization(Permissions.KpiRead);
        kpi.MapGet("/definitions/{id:guid}", (Guid id, DefinitionHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetKpiDefinition").WithSummary("A KPI definition with every version.").RequireAuthorization(Permissions.KpiRead);
        kpi.MapPost("/definitions", (KpiDefinitionInput input, DefinitionHandler h, CancellationToken ct) => h.CreateAsync(input, ct))
            .WithName("CreateKpiDefinition").WithSummary("A new KPI with its first version.").RequireAuthorization(Permissions.KpiConfigure);
        kpi.MapPost("/definitions/{id:guid}/versions", (Guid id, KpiVersionInput input, DefinitionHandler h, CancellationToken ct) => h.AddVersionAsync(id, input, ct))
            .WithName("AddKpiVersion").WithSummary("A new version in force from the first day of a month after every closed period; earlier versions and scores stay as they were.")
            .RequireAuthorization(Permissions.KpiConfigure);
        kpi.MapGet("/periods", (int? page, int? pageSize, PeriodHandler h, CancellationToken ct) => h.ListAsync(page ?? 1, pageSize ?? 50, ct))
            .WithName("ListKpiPeriods").WithSummary("Scoring periods, newest first.").RequireAuthorization(Permissions.KpiRead);
        kpi.MapGet("/periods/{id:guid}", (Guid id, PeriodHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetKpiPeriod").WithSummary("A scoring period.").RequireAuthorization(Permissions.KpiRead);
        kpi.MapPost("/periods", (KpiPeriodInput input, PeriodHandler h, CancellationToken ct) => h.CreateAsync(input, ct))
            .WithName("CreateKpiPeriod").WithSummary("Open a month, quarter or year for scoring.").RequireAuthorization(Permissions.KpiConfigure);
        kpi.MapPost("/periods/{id:guid}/compute", (Guid id, PeriodHandler h, CancellationToken ct) => h.ComputeAsync(id, ct))
            .WithName("ComputeKpiPeriod").WithSummary("Compute an open period's scores from the data as recorded now.").RequireAuthorization(Permissions.KpiConfigure);
        kpi.MapPost("/periods/{id:guid}/close", (Guid id, KpiCloseInput input, PeriodHandler h, CancellationToken ct) => h.CloseAsync(id, input, ct))
            .WithName("CloseKpiPeriod").WithSummary("HR closes the period with an electronic signature (password and meaning); its scores are computed a last time and locked.")
            .RequireAuthorization(Permissions.KpiClose);
        kpi.MapGet("/periods/{id:guid}/reproduce", (Guid id, PeriodHandler h, CancellationToken ct) => h.ReproduceAsync(id, ct))
            .WithName("ReproduceKpiPeriod").WithSummary("Score a closed period again as of its close and compare with the stored scores.").RequireAuthorization(Permissions.KpiRead);
        kpi.MapGet("/scores", (Guid? periodId, Guid? definitionId, string? subjectKind, string? q, int? page, int? pageSize, ScoreHandler h, CancellationToken ct) =>
                h.ListAsync(periodId, definitionId, subjectKind, q, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListKpiScores").WithSummary("Scores in the caller's scope.").RequireAuthorization(Permissions.KpiRead);
        kpi.MapGet("/scores/{id:guid}", (Guid id, int? page, int? pageSize, ScoreHandler h, CancellationToken ct) => h.DrillAsync(id, page ?? 1, pageSize ?? 50, ct))
            .WithName("GetKpiScore").WithSummary("A score and the records it came from (defects with their causes, counts, checks).").RequireAuthorization(Permissions.KpiRead);
        kpi.MapGet("/my", (ScoreHandler h, CancellationToken ct) => h.MineAsync(ct))
            .WithName("MyKpiScores").WithSummary("The caller's own scores.").RequireAuthorization(Permissions.KpiSelf);
    }
}
