using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Plans;

/// <summary>
/// Training plans of an org unit for a month, quarter or year: courses for target positions with an estimated cost (the course's
/// cost per participant) against the budget; drafted by the unit, submitted, approved or returned by HR — never by its author.
/// </summary>
internal sealed class PlanHandler(TrainingDb db, NpgsqlDataSource dataSource, ICourseCatalog courses, DataScope scope, CurrentUser me, TimeProvider clock, Texts t) : ITrainingPlans
{
    public async Task<IReadOnlyList<PlanDto>> ListAsync(CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        var plans = await db.Set<Plan>().AsNoTracking().OrderByDescending(p => p.PeriodStart).ThenBy(p => p.Title).Take(500).ToListAsync(ct);
        return await ReadAsync(plans.Where(p => filter.Covers(p.OrgUnitId)).ToList(), ct);
    }

    public async Task<PlanDto> GetAsync(Guid id, CancellationToken ct) =>
        (await ReadAsync([await VisibleAsync(id, ct) ?? throw new NotFoundException("plan")], ct))[0];

    public async Task<PlanDto> CreateAsync(PlanInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require("title", input.Title, t["validation.required"]).MaxLength("title", input.Title, 200, t["validation.max_length", 200]);
        if (!PeriodStartsRight(input.PeriodKind, input.PeriodStart))
        {
            v.Add("periodStart", t["plans.period_start"]);
        }

        if (input.Budget is < 0 or > 1_000_000_000)
        {
            v.Add("budget", t["plans.budget_range"]);
        }

        v.ThrowIfInvalid();
        if (!(await scope.GetAsync(ct)).Covers(input.OrgUnitId))
        {
            throw new NotFoundException("org unit");
        }

        var plan = new Plan
        {
            Id = Guid.CreateVersion7(), Title = input.Title.Trim(), PeriodKind = input.PeriodKind, PeriodStart = input.PeriodStart, OrgUnitId = input.OrgUnitId, Budget = input.Budget,
            CreatedBy = me.UserId ?? throw new RuleViolationException("signature_needs_person", t["signature.needs_person"]), CreatedAt = clock.GetUtcNow(),
        };
        db.Add(plan);
        await db.SaveChangesAsync(ct);
        return await ReadAsync(plan.Id, ct);
    }

    public async Task<PlanDto> AddItemAsync(Guid id, PlanItemInput input, CancellationToken ct)
    {
        var plan = await EditableAsync(id, ct);
        var course = await courses.CourseAsync(input.CourseId, ct);
        var v = new Validation();
        if (course is null || course.Status == "retired")
        {
            v.Add("courseId", t["learning.course_unknown"]);
        }

        if (input.Participants is < 1 or > 100_000)
        {
            v.Add("participants", t["plans.participants_range"]);
        }

        if (input.PlannedMonth is { } month && (month.Day != 1 || month < plan.PeriodStart || month >= PeriodEnd(plan.PeriodKind, plan.PeriodStart)))
        {
            v.Add("plannedMonth", t["plans.month_in_period"]);
        }

        v.MaxLength("need", input.Need, 500, t["validation.max_length", 500]);
        v.ThrowIfInvalid();
        db.Add(new PlanItem
        {
            Id = Guid.CreateVersion7(), PlanId = id, CourseId = input.CourseId, PositionId = input.PositionId, Participants = input.Participants, PlannedMonth = input.PlannedMonth,
            Need = input.Need?.Trim(), EstimatedCost = course!.CostPerParticipant * input.Participants,
        });
        plan.Version++;
        await db.SaveChangesAsync(ct);
        return await ReadAsync(id, ct);
    }

    public async Task<PlanDto> RemoveItemAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        var plan = await EditableAsync(id, ct);
        db.Remove(await db.Set<PlanItem>().FirstOrDefaultAsync(i => i.Id == itemId && i.PlanId == id, ct) ?? throw new NotFoundException("plan item"));
        plan.Version++;
        await db.SaveChangesAsync(ct);
        return await ReadAsync(id, ct);
    }

    public async Task SubmitAsync(Guid id, CancellationToken ct)
    {
        var plan = await EditableAsync(id, ct);
        if (!await db.Set<PlanItem>().AnyAsync(i => i.PlanId == id, ct))
        {
            throw new RuleViolationException("plan_empty", t["plans.empty_plan"]);
        }

        plan.Status = "submitted";
        await db.SaveChangesAsync(ct);
    }

    /// <summary>HR approves (or returns with a comment) a submitted plan; its author cannot.</summary>
    public async Task DecideAsync(Guid id, bool approve, PlanDecision input, CancellationToken ct)
    {
        var plan = await VisibleAsync(id, ct) ?? throw new NotFoundException("plan");
        if (plan.Status != "submitted")
        {
            throw new RuleViolationException("plan_not_submitted", t["plans.not_submitted"]);
        }

        if (plan.CreatedBy == me.UserId)
        {
            throw new RuleViolationException("author_cannot_approve", t["plans.author_cannot_approve"]);
        }

        var v = new Validation().MaxLength("comment", input.Comment, 1000, t["validation.max_length", 1000]);
        if (!approve)
        {
            v.Require("comment", input.Comment, t["learning.comment_required"]);
        }

        v.ThrowIfInvalid();
        plan.Status = approve ? "approved" : "returned";
        plan.Comment = input.Comment?.Trim();
        plan.ApprovedBy = approve ? me.UserId : null;
        plan.ApprovedAt = approve ? clock.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
    }

    public static bool PeriodStartsRight(string kind, DateOnly start) => kind switch
    {
        "month" => start.Day == 1,
        "quarter" => start.Day == 1 && start.Month % 3 == 1,
        "year" => start.Day == 1 && start.Month == 1,
        _ => false,
    };

    /// <summary>The first day after a plan's period.</summary>
    public static DateOnly PeriodEnd(string kind, DateOnly start) => kind switch
    {
        "month" => start.AddMonths(1),
        "quarter" => start.AddMonths(3),
        _ => start.AddYears(1),
    };

    private async Task<Plan> EditableAsync(Guid id, CancellationToken ct)
    {
        var plan = await VisibleAsync(id, ct) ?? throw new NotFoundException("plan");
        return plan.Status is "draft" or "returned" ? plan : throw new RuleViolationException("plan_not_editable", t["plans.not_editable"]);
    }

    private async Task<Plan?> VisibleAsync(Guid id, CancellationToken ct)
    {
        var plan = await db.Set<Plan>().FirstOrDefaultAsync(p => p.Id == id, ct);
        return plan is not null && (await scope.GetAsync(ct)).Covers(plan.OrgUnitId) ? plan : null;
    }

    private async Task<PlanDto> ReadAsync(Guid id, CancellationToken ct) =>
        (await ReadAsync([await db.Set<Plan>().AsNoTracking().FirstAsync(x => x.Id == id, ct)], ct))[0];

    /// <summary>The plans with their unit names, people and items, in three queries whatever their number.</summary>
    private async Task<IReadOnlyList<PlanDto>> ReadAsync(List<Plan> plans, CancellationToken ct)
    {
        if (plans.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        var units = (await connection.QueryAsync<(Guid Id, string Name)>(new CommandDefinition(
            "SELECT id, name FROM org.org_unit_v WHERE id = ANY(@ids)", new { ids = plans.Select(p => p.OrgUnitId).Distinct().ToArray() }, cancellationToken: ct))).ToDictionary(u => u.Id, u => u.Name);
        var users = (await connection.QueryAsync<(Guid Id, string Name)>(new CommandDefinition(
            "SELECT id, display_name FROM auth.app_user WHERE id = ANY(@ids)",
            new { ids = plans.SelectMany(p => new[] { p.CreatedBy, p.ApprovedBy ?? Guid.Empty }).Distinct().ToArray() }, cancellationToken: ct))).ToDictionary(u => u.Id, u => u.Name);
        var items = (await connection.QueryAsync<ItemRow>(new CommandDefinition(
            """
            SELECT i.id, i.plan_id, i.course_id, c.code || ' · ' || c.title AS course_title, i.position_id, po.name AS position_name, i.participants, i.planned_month, i.need, i.estimated_cost
            FROM training.plan_item i JOIN learning.course_v c ON c.id = i.course_id LEFT JOIN org.position_v po ON po.id = i.position_id
            WHERE i.plan_id = ANY(@ids) ORDER BY i.planned_month NULLS LAST, c.code
            """, new { ids = plans.Select(p => p.Id).ToArray() }, cancellationToken: ct))).ToLookup(r => r.PlanId, r => r.ToDto());
        return plans.Select(p =>
        {
            var lines = items[p.Id].ToList();
            return new PlanDto(
                p.Id, p.Title, p.PeriodKind, p.PeriodStart, p.OrgUnitId, units.GetValueOrDefault(p.OrgUnitId, "?"), p.Budget, lines.Sum(i => i.EstimatedCost), p.Status, p.Comment,
                users.GetValueOrDefault(p.CreatedBy, "?"), p.ApprovedBy is { } a ? users.GetValueOrDefault(a) : null, p.ApprovedAt, lines, p.Version);
        }).ToList();
    }

    private sealed class ItemRow
    {
        public Guid Id { get; init; }

        public Guid PlanId { get; init; }

        public Guid CourseId { get; init; }

        public string CourseTitle { get; init; } = "";

        public Guid? PositionId { get; init; }

        public string? PositionName { get; init; }

        public int Participants { get; init; }

        public DateOnly? PlannedMonth { get; init; }

        public string? Need { get; init; }

        public decimal EstimatedCost { get; init; }

        public PlanItemDto ToDto() => new(Id, CourseId, CourseTitle, PositionId, PositionName, Participants, PlannedMonth, Need, EstimatedCost);
    }
}
