using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Modules.Training.Plans;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Demand;

/// <summary>The forecast for a unit in the caller's scope, and one click turning a month's open demand into lines of that unit's draft plan for the month.</summary>
internal sealed class DemandHandler(DemandForecast forecast, PlanHandler plans, TrainingDb db, IOrganizationDirectory organization, DataScope scope, Texts t)
{
    /// <summary>The units the caller may forecast for, parents first; the first is the default.</summary>
    public Task<IReadOnlyList<OrgUnitDto>> UnitsAsync(CancellationToken ct) => organization.VisibleTreeAsync(false, ct);

    public async Task<DemandDto> ForecastAsync(Guid? orgUnitId, CancellationToken ct)
    {
        var units = await UnitsAsync(ct);
        var unit = orgUnitId ?? (units.Count > 0 ? units[0].Id : throw new NotFoundException("org unit"));
        if (!(await scope.GetAsync(ct)).Covers(unit))
        {
            throw new NotFoundException("org unit");
        }

        return await forecast.ForecastAsync(unit, ct);
    }

    public async Task<DemandPlanResult> PlanAsync(DemandPlanInput input, CancellationToken ct)
    {
        var first = forecast.ThisMonth;
        if (input.Month.Day != 1 || input.Month < first || input.Month >= first.AddMonths(DemandForecast.Months))
        {
            new Validation().Add("month", t["demand.month_range", first.ToString("yyyy-MM", CultureInfo.InvariantCulture), first.AddMonths(DemandForecast.Months - 1).ToString("yyyy-MM", CultureInfo.InvariantCulture)]).ThrowIfInvalid();
        }

        var demand = await ForecastAsync(input.OrgUnitId, ct);
        var open = demand.Months.Single(m => m.Month == input.Month).Lines.Where(l => l.OpenSeats > 0).ToList();
        if (open.Count == 0)
        {
            throw new RuleViolationException("demand_nothing_open", t["demand.nothing_open", input.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)]);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var draft = await db.Set<Plan>().AsNoTracking()
            .Where(p => p.OrgUnitId == input.OrgUnitId && p.PeriodKind == "month" && p.PeriodStart == input.Month && (p.Status == "draft" || p.Status == "returned"))
            .OrderBy(p => p.CreatedAt).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        var planId = draft ?? (await plans.CreateAsync(new PlanInput(t["demand.plan_title", input.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)], "month", input.Month, input.OrgUnitId, 0), ct)).Id;
        foreach (var line in open)
        {
            var why = string.Join("；", line.Sources.Select(s => t["demand.line_source", t[TrainingVocabularies.DemandSource, s.Source], s.People, string.Join(", ", s.Labels)].Value));
            await plans.AddItemAsync(planId, new PlanItemInput(line.CourseId, line.PositionId, line.OpenSeats, input.Month, Cut(t["demand.plan_line", line.NeededBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), why], 500)), ct);
        }

        await tx.CommitAsync(ct);
        return new DemandPlanResult(planId, open.Count, open.Sum(l => l.OpenSeats));
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
