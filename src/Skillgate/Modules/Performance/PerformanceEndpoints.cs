using System.Security.Claims;
using Skillgate.Modules.Performance.Cockpit;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Modules.Performance.Goals;
using Skillgate.Modules.Performance.Periods;
using Skillgate.Modules.Performance.Results;
using Skillgate.Modules.Performance.Scores;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Performance;

internal static class PerformanceEndpoints
{
    public static void MapPerformanceEndpoints(this IEndpointRouteBuilder app)
    {
        var kpi = app.MapGroup("/api/v1/kpi").WithTags("KPIs");
        kpi.MapGet("/cockpit", (ClaimsPrincipal user, CockpitLoader loader, CancellationToken ct) => loader.DtoAsync(user, ct))
            .WithName("GetCockpit").WithSummary("The management cockpit in the caller's scope: each panel their permissions allow, with its headline, its six months' chart and the list behind it.")
            .RequireAuthorization(Permissions.KpiRead);
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
        kpi.MapPost("/scores/{id:guid}/appeals", (Guid id, AppealInput input, Appeals.AppealHandler h, CancellationToken ct) => h.StartAsync(id, input, ct))
            .WithName("AppealKpiScore").WithSummary("A person appeals their own score of a closed period within the appeal window: their department head reviews and HR decides through the KPI-APPEAL workflow; upheld, HR's adjustment joins the period's results.")
            .RequireAuthorization(Permissions.KpiSelf);
        kpi.MapGet("/appeals/mine", (Appeals.AppealHandler h, CancellationToken ct) => h.MineAsync(ct))
            .WithName("ListMyKpiAppeals").WithSummary("The caller's scores still open to appeal and their appeals.").RequireAuthorization(Permissions.KpiSelf);
        kpi.MapGet("/goals", (GoalHandler h, CancellationToken ct) => h.RootsAsync(ct))
            .WithName("ListGoalRoots").WithSummary("The top goals, with their progress rolled up from everything below them.").RequireAuthorization(Permissions.KpiRead);
        kpi.MapGet("/goals/{id:guid}", (Guid id, GoalHandler h, CancellationToken ct) => h.TreeAsync(id, ct))
            .WithName("GetGoalTree").WithSummary("A goal and the goals below it the caller may see: value, achievement, progress by weight, status and trend.")
            .RequireAuthorization(Permissions.KpiRead);
        kpi.MapPost("/goals", (GoalInput input, GoalHandler h, CancellationToken ct) => h.CreateAsync(input, ct))
            .WithName("CreateGoal").WithSummary("A goal for a KPI and subject, with a target (or a change in percent on a baseline period), weight, window and owner.")
            .RequireAuthorization(Permissions.KpiConfigure);
        kpi.MapDelete("/goals/{id:guid}", async (Guid id, GoalHandler h, CancellationToken ct) =>
            {
                await h.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteGoal").WithSummary("Remove a goal that has no goals below it.").RequireAuthorization(Permissions.KpiConfigure);
        kpi.MapPost("/goals/{id:guid}/apply-template", (Guid id, ApplyTemplateInput input, GoalTemplateHandler h, CancellationToken ct) => h.ApplyAsync(id, input, ct))
            .WithName("ApplyGoalTemplate").WithSummary("Give every unit or person the template matches below the goal's subject their own goal under it, at once.")
            .RequireAuthorization(Permissions.KpiConfigure);
        kpi.MapGet("/goal-templates", (GoalTemplateHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListGoalTemplates").WithSummary("Goal templates by function and position.").RequireAuthorization(Permissions.KpiRead);
        kpi.MapPost("/goal-templates", (GoalTemplateInput input, GoalTemplateHandler h, CancellationToken ct) => h.CreateAsync(input, ct))
            .WithName("CreateGoalTemplate").WithSummary("A template: KPI, level, the function and/or position it matches, target and weight.").RequireAuthorization(Permissions.KpiConfigure);
        kpi.MapGet("/definitions/{id:guid}/rules", (Guid id, ResultRuleHandler h, CancellationToken ct) => h.ListAsync(id, ct))
            .WithName("ListResultRules").WithSummary("A KPI's result rules, active first.").RequireAuthorization(Permissions.KpiRead);
        kpi.MapPost("/definitions/{id:guid}/rules", (Guid id, ResultRuleInput input, ResultRuleHandler h, CancellationToken ct) => h.AddAsync(id, input, ct))
            .WithName("AddResultRule").WithSummary("A rule for the KPI's outcome (bonus_factor, commission, promotion: delta when met, when missed); replaces the active rule of its kind.")
            .RequireAuthorization(Permissions.KpiConfigure);
        kpi.MapPost("/rules/{id:guid}/retire", async (Guid id, ResultRuleHandler h, CancellationToken ct) =>
            {
                await h.RetireAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("RetireResultRule").WithSummary("Stop applying a rule from the next close on.").RequireAuthorization(Permissions.KpiConfigure);
        kpi.MapGet("/results", (Guid periodId, string? q, int? page, int? pageSize, ResultHandler h, CancellationToken ct) => h.ListAsync(periodId, q, page ?? 1, pageSize ?? 100, ct))
            .WithName("ListKpiResults").WithSummary("A closed period's results per person for payroll: KPIs, the rules applied, bonus factor, commission change, promotion points.")
            .RequireAuthorization(Permissions.KpiRead);
        kpi.MapGet("/results/export", async (Guid periodId, ResultExport h, CancellationToken ct) =>
            {
                var (content, name) = await h.CreateAsync(periodId, ct);
                return TypedResults.File(content, Skillgate.Platform.Excel.XlsxFile.ContentType, name);
            })
            .WithName("ExportKpiResults").WithSummary("The same results as an .xlsx workbook for payroll.").RequireAuthorization(Permissions.KpiRead);
        kpi.MapGet("/my", (ScoreHandler h, CancellationToken ct) => h.MineAsync(ct))
            .WithName("MyKpiScores").WithSummary("The caller's own scores.").RequireAuthorization(Permissions.KpiSelf);
    }
}
