using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Modules.Performance.Metrics;
using Skillgate.Modules.Performance.Periods;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Goals;

/// <summary>
/// The goal cascade: goals for the company, units, positions and people, each measured by a KPI over a window and weighted
/// within its parent; trees with their roll-up; and templates that give every matching unit or person a goal at once.
/// </summary>
internal sealed class GoalHandler(NpgsqlDataSource dataSource, UnitOfWork work, AuditActor actor, TimeProvider clock, Texts t)
{
    public const decimal MaxWeight = 1000m;

    /// <summary>The top goals the caller may see, with their roll-up.</summary>
    public async Task<IReadOnlyList<GoalNode>> RootsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var roots = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM kpi.goal WHERE parent_id IS NULL ORDER BY due_on DESC, title", cancellationToken: ct))).ToList();
        return await HeadsAsync(roots, ct);
    }

    /// <summary>The goals set for one person, each with its value, achievement and trend.</summary>
    public async Task<IReadOnlyList<GoalNode>> ForPersonAsync(Guid employeeId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM kpi.goal WHERE subject_kind = 'person' AND subject_id = @employeeId ORDER BY due_on DESC, title LIMIT 50", new { employeeId }, cancellationToken: ct))).ToList();
        return await HeadsAsync(ids, ct);
    }

    /// <summary>A goal and everything below it the caller may see; progress counts every goal below, seen or not.</summary>
    public async Task<GoalTree> TreeAsync(Guid rootId, CancellationToken ct)
    {
        var nodes = await NodesAsync([rootId], ct);
        return nodes.Count == 0 ? throw new NotFoundException(t["goal.unknown"]) : new GoalTree(rootId, nodes);
    }

    /// <summary>The given goals themselves, in the given order, each with the progress of everything below it, in one read.</summary>
    private async Task<IReadOnlyList<GoalNode>> HeadsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var nodes = (await NodesAsync(ids, ct)).ToDictionary(n => n.Id);
        return ids.Where(nodes.ContainsKey).Select(id => nodes[id]).ToList();
    }

    /// <summary>The trees under the roots: every goal the caller may see, each with its progress from every goal below it, roots first.</summary>
    private async Task<IReadOnlyList<GoalNode>> NodesAsync(IReadOnlyCollection<Guid> rootIds, CancellationToken ct)
    {
        var roots = rootIds.ToArray();
        if (roots.Length == 0)
        {
            return [];
        }

        const string Tree =
            """
            WITH RECURSIVE tree AS (SELECT g.*, 0 AS depth FROM kpi.goal g WHERE g.id = ANY(@roots)
                                    UNION ALL SELECT g.*, tree.depth + 1 FROM kpi.goal g JOIN tree ON g.parent_id = tree.id WHERE tree.depth < 20)
            """;
        HashSet<Guid> visible;
        await using (var scoped = await dataSource.OpenScopedAsync(ct))
        {
            visible = (await scoped.QueryAsync<Guid>(new CommandDefinition($"{Tree} SELECT id FROM tree", new { roots }, cancellationToken: ct))).ToHashSet();
        }

        if (visible.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenSystemAsync(ct);
        var goals = (await connection.QueryAsync<GoalRow>(new CommandDefinition(
            $"""
            {Tree}
            SELECT tree.id, tree.parent_id, tree.title, tree.definition_id, tree.subject_kind, tree.subject_id, tree.target, tree.baseline, tree.change_percent, tree.weight,
                   tree.starts_on, tree.due_on, o.name AS owner, tree.version, d.code,
                   coalesce(u.name, ps.name, e.name || ' · ' || e.employee_no) AS subject_name,
                   cur.name_zh, cur.name_en, cur.direction, cur.unit
            FROM tree JOIN kpi.definition d ON d.id = tree.definition_id
            CROSS JOIN LATERAL (SELECT v.* FROM kpi.definition_version v WHERE v.definition_id = tree.definition_id ORDER BY v.effective_from <= tree.due_on DESC, v.effective_from DESC LIMIT 1) cur
            LEFT JOIN org.org_unit_v u ON tree.subject_kind = 'org_unit' AND u.id = tree.subject_id
            LEFT JOIN org.position_v ps ON tree.subject_kind = 'position' AND ps.id = tree.subject_id
            LEFT JOIN org.employee_v e ON tree.subject_kind = 'person' AND e.id = tree.subject_id
            LEFT JOIN org.employee_v o ON o.id = tree.owner_id
            ORDER BY tree.depth, tree.title
            """, new { roots }, cancellationToken: ct))).DistinctBy(g => g.Id).ToList();
        var ids = goals.Select(g => g.Id).ToArray();
        var points = (await connection.QueryAsync<(Guid GoalId, string Kind, DateTime StartsOn, decimal? Value)>(new CommandDefinition(
            """
            SELECT g.id, p.kind, p.starts_on::timestamp, s.value
            FROM kpi.goal g JOIN kpi.definition_version v ON v.definition_id = g.definition_id
            JOIN kpi.score s ON s.definition_version_id = v.id AND s.subject_id = g.subject_id
            JOIN kpi.period p ON p.id = s.period_id AND p.starts_on >= g.starts_on AND p.ends_on <= g.due_on
            WHERE g.id = ANY(@ids)
            ORDER BY g.id, p.starts_on, p.kind
            """, new { ids }, cancellationToken: ct))).ToLookup(p => p.GoalId);
        var measured = goals.Select(g =>
        {
            var trend = points[g.Id].Select(p => new GoalPoint(PeriodCalendar.Label(p.Kind, DateOnly.FromDateTime(p.StartsOn)), p.Value)).ToList();
            var latest = trend.LastOrDefault(p => p.Value is not null)?.Value;
            return (Goal: g, Trend: trend, Value: latest, Achievement: GoalRollup.Achievement(latest, g.Target, g.Direction));
        }).ToList();
        var progress = GoalRollup.Progress(measured.Select(m => (m.Goal.Id, m.Goal.ParentId, m.Goal.Weight, m.Achievement)).ToList());
        var children = goals.Where(g => g.ParentId is not null).ToLookup(g => g.ParentId!.Value);
        var nodes = measured.Where(m => visible.Contains(m.Goal.Id)).Select(m =>
        {
            var g = m.Goal;
            var p = progress.GetValueOrDefault(g.Id);
            return new GoalNode(
                g.Id, g.ParentId, g.Title, g.DefinitionId, $"{g.Code} · {DefinitionHandler.NameIn(g.NameZh, g.NameEn)}", g.Direction, g.Unit, g.SubjectKind, g.SubjectId,
                g.SubjectKind == "company" ? t["kpi.company"] : g.SubjectName ?? "—", g.Target, g.Baseline, g.ChangePercent, g.Weight, g.StartsOn, g.DueOn, g.Owner,
                m.Value, m.Achievement, p, GoalRollup.Status(p), children[g.Id].Count(), m.Trend, g.Version);
        }).ToList();
        return nodes;
    }

    public async Task<GoalNode> CreateAsync(GoalInput input, CancellationToken ct)
    {
        var v = new Validation();
        var title = input.Title?.Trim() ?? "";
        v.Require("title", title, t["goal.title_required"]).MaxLength("title", title, 200, t["validation.max_length", 200]);
        if (input.Weight is not { } weight || weight <= 0 || weight > MaxWeight)
        {
            v.Add("weight", t["goal.weight_range", MaxWeight.ToString(CultureInfo.InvariantCulture)]);
        }

        if (input.StartsOn is not { } starts || input.DueOn is not { } due || due < starts)
        {
            v.Add("dueOn", t["goal.window"]);
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        var kpi = input.DefinitionId is { } definitionId
            ? await connection.QuerySingleOrDefaultAsync<(string Level, string Direction)?>(new CommandDefinition(
                "SELECT level, direction FROM kpi.definition_version WHERE definition_id = @definitionId ORDER BY effective_from <= @due DESC, effective_from DESC LIMIT 1",
                new { definitionId, due = (input.DueOn ?? DateOnly.MaxValue).ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct))
            : null;
        if (kpi is null)
        {
            v.Add("definitionId", t["kpi.unknown"]);
        }

        Guid subject = Guid.Empty;
        if (kpi is { } k && k.Level != "company")
        {
            var exists = input.SubjectId is { } s && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                k.Level switch
                {
                    "org_unit" => "SELECT EXISTS (SELECT 1 FROM org.org_unit_v WHERE id = @s)",
                    "position" => "SELECT EXISTS (SELECT 1 FROM org.position_v WHERE id = @s)",
                    _ => "SELECT EXISTS (SELECT 1 FROM org.employee_v WHERE id = @s)",
                }, new { s }, cancellationToken: ct));
            if (!exists)
            {
                v.Add("subjectId", t["goal.subject_unknown", t[PerformanceVocabularies.Level, k.Level]]);
            }

            subject = input.SubjectId ?? Guid.Empty;
        }

        if (input.ParentId is { } parent && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM kpi.goal WHERE id = @parent)", new { parent }, cancellationToken: ct)))
        {
            v.Add("parentId", t["goal.unknown"]);
        }

        decimal? baseline = null;
        var target = input.Target;
        if (target is null && input.ChangePercent is { } change && input.BaselinePeriodId is { } baselinePeriod && kpi is not null)
        {
            baseline = await connection.ExecuteScalarAsync<decimal?>(new CommandDefinition(
                """
                SELECT s.value FROM kpi.score s JOIN kpi.definition_version dv ON dv.id = s.definition_version_id
                WHERE dv.definition_id = @definitionId AND s.period_id = @baselinePeriod AND s.subject_id = @subject
                """, new { definitionId = input.DefinitionId, baselinePeriod, subject }, cancellationToken: ct));
            if (baseline is null)
            {
                v.Add("baselinePeriodId", t["goal.no_baseline"]);
            }
            else if (change is < -100 or > 1000)
            {
                v.Add("changePercent", t["goal.change_range"]);
            }
            else
            {
                target = Math.Round(baseline.Value * (100 + change) / 100, ScoreMath.Decimals, MidpointRounding.AwayFromZero);
            }
        }

        if (target is null or < 0)
        {
            v.Add("target", t["goal.target_required"]);
        }

        // The owner by id (API) or by employee number (the form); either must be a person the caller sees.
        var owner = input.OwnerId;
        if (owner is null && !string.IsNullOrWhiteSpace(input.OwnerNo))
        {
            owner = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM org.employee_v WHERE employee_no = @no", new { no = input.OwnerNo.Trim() }, cancellationToken: ct));
            if (owner is null)
            {
                v.Add("ownerNo", t["goal.owner_unknown", input.OwnerNo.Trim()]);
            }
        }
        else if (owner is { } ownerId && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                     "SELECT EXISTS (SELECT 1 FROM org.employee_v WHERE id = @ownerId)", new { ownerId }, cancellationToken: ct)))
        {
            v.Add("ownerId", t["goal.owner_unknown", ownerId]);
        }

        v.ThrowIfInvalid();
        var id = Guid.CreateVersion7();
        await using var tx = await work.BeginAsync(ct);
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO kpi.goal (id, parent_id, title, definition_id, subject_kind, subject_id, target, baseline, change_percent, weight, starts_on, due_on, owner_id, created_at, created_by)
            VALUES (@id, @ParentId, @title, @DefinitionId, @level, @subject, @target, @baseline, @ChangePercent, @Weight, @starts::date, @due::date, @OwnerId, @now, @by)
            """,
            new
            {
                id, input.ParentId, title, input.DefinitionId, level = kpi!.Value.Level, subject, target, baseline, ChangePercent = baseline is null ? null : input.ChangePercent,
                input.Weight, starts = input.StartsOn!.Value.ToDateTime(TimeOnly.MinValue), due = input.DueOn!.Value.ToDateTime(TimeOnly.MinValue), OwnerId = owner,
                now = clock.GetUtcNow().UtcDateTime, by = actor.Current.Name,
            }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync("created", "kpi_goal", id, null, new { input.ParentId, title, input.DefinitionId, subject, target, baseline, input.Weight, input.StartsOn, input.DueOn, owner });
        await tx.CommitAsync(ct);
        return (await TreeAsync(id, ct)).Nodes[0];
    }

    /// <summary>Removes a goal with no goals below it.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var goal = await tx.Connection.QuerySingleOrDefaultAsync<(string Title, Guid? ParentId)?>(new CommandDefinition(
            "SELECT title, parent_id FROM kpi.goal WHERE id = @id FOR UPDATE", new { id }, tx.Sql, cancellationToken: ct)) ?? throw new NotFoundException(t["goal.unknown"]);
        if (await tx.Connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM kpi.goal WHERE parent_id = @id)", new { id }, tx.Sql, cancellationToken: ct)))
        {
            throw new RuleViolationException("goal_has_children", t["goal.has_children"]);
        }

        await tx.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM kpi.goal WHERE id = @id", new { id }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync("deleted", "kpi_goal", id, new { goal.Title, goal.ParentId }, null);
        await tx.CommitAsync(ct);
    }

    private sealed record GoalRow(
        Guid Id, Guid? ParentId, string Title, Guid DefinitionId, string SubjectKind, Guid SubjectId, decimal Target, decimal? Baseline, decimal? ChangePercent, decimal Weight,
        DateOnly StartsOn, DateOnly DueOn, string? Owner, int Version, string Code, string? SubjectName, string NameZh, string NameEn, string Direction, string Unit);
}
