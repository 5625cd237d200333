using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Matrix;

/// <summary>The training matrix (employees × requirements) and the gap report of an org unit's subtree, within the caller's scope.</summary>
internal sealed class MatrixHandler(
    CompetenceDb db, Platform.Data.ReportReads dataSource, IOrganizationDirectory organization, QualificationEngine engine, Platform.Localization.Texts t)
{
    public const int MaxRows = 20_000;

    /// <summary>
    /// Reads set-based from the stored statuses: the unit's people in number order, each with their statuses through an
    /// index-only scan (migration 0053), rows taken as they arrive and grouped per person on the way; labels and versions once.
    /// </summary>
    public async Task<Contracts.Matrix> BuildAsync(Guid? orgUnitId, string? status, CancellationToken ct)
    {
        var units = await UnitsAsync(orgUnitId, ct);
        var credits = await db.Set<Requirement>().AsNoTracking().Where(r => r.Kind == RequirementKind.Credits)
            .Select(r => new { r.Id, r.MinCredits }).ToDictionaryAsync(r => r.Id, r => r.MinCredits, ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var people = new List<(Person Person, List<Cell> Cells)>();
        var requirementIds = new HashSet<Guid>();
        var versionIds = new HashSet<Guid>();
        var cells = connection.QueryUnbufferedAsync<CellRow>(
            """
            SELECT e.id AS EmployeeId, e.employee_no AS EmployeeNo, e.name, e.unit_name AS UnitName, e.position_name AS PositionName,
                   q.requirement_id AS RequirementId, q.status, q.valid_until AS ValidUntil, q.due_on AS DueOn, q.basis_version_id AS VersionId,
                   q.credits_earned AS CreditsEarned
            FROM (SELECT e.id, e.employee_no, e.name, u.name AS unit_name, p.name AS position_name
                  FROM org.employee_v e
                  JOIN org.org_unit_v u ON u.id = e.org_unit_id
                  LEFT JOIN org.position_v p ON p.id = e.position_id
                  WHERE e.status <> 'exited' AND e.org_unit_id = ANY(@units)
                  ORDER BY e.employee_no) e
            -- OFFSET 0 keeps the statuses a lookup per person, in the people's order, instead of a scan of everyone's.
            LEFT JOIN LATERAL (
                SELECT q.requirement_id, q.status, q.valid_until, q.due_on, q.basis_version_id,
                       CASE WHEN q.requirement_id = ANY(@credits) THEN learning.credits_earned(
                           e.id, @now, @year, (SELECT r.credit_category FROM competence.requirement r WHERE r.id = q.requirement_id)) END AS credits_earned
                FROM competence.qualification q WHERE q.employee_id = e.id OFFSET 0) q ON true
            ORDER BY e.employee_no
            """,
            new { units, credits = credits.Keys.ToArray(), now = engine.Now, year = engine.Today.Year });
        await foreach (var cell in cells.WithCancellation(ct))
        {
            if (people.Count == 0 || people[^1].Person.EmployeeId != cell.EmployeeId)
            {
                people.Add((new Person(cell.EmployeeId, cell.EmployeeNo, cell.Name, cell.UnitName, cell.PositionName), []));
            }

            if (cell.RequirementId is { } requirement)
            {
                people[^1].Cells.Add(new Cell(requirement, cell.Status!, cell.ValidUntil, cell.DueOn, cell.VersionId, cell.CreditsEarned));
                requirementIds.Add(requirement);
                if (cell.VersionId is { } version)
                {
                    versionIds.Add(version);
                }
            }
        }

        var requirements = await db.Set<Requirement>().AsNoTracking().Where(r => requirementIds.Contains(r.Id)).ToListAsync(ct);
        var labels = await engine.LabelsAsync(requirements, ct);
        var versions = (await connection.QueryAsync<(Guid Id, string Label)>(new CommandDefinition(
            """
            SELECT v.id, d.code || ' v' || v.major || '.' || v.minor FROM standards.document_version_v v JOIN standards.document_v d ON d.id = v.document_id
            WHERE v.id = ANY(@ids)
            """, new { ids = versionIds.ToArray() }, cancellationToken: ct))).ToDictionary(v => v.Id, v => v.Label);

        // One column per requirement as people read it ("SOP-SAFE-01 v1.0 training"), however many posts carry it.
        var columnOf = labels.GroupBy(l => l.Value, StringComparer.Ordinal)
            .SelectMany(g => g.Select(l => (Requirement: l.Key, Column: g.Min(x => x.Key))))
            .ToDictionary(x => x.Requirement, x => x.Column);
        var rows = people.Select(p => new MatrixRow(
            p.Person.EmployeeId, p.Person.EmployeeNo, p.Person.Name, p.Person.UnitName, p.Person.PositionName,
            p.Cells.Where(c => columnOf.ContainsKey(c.RequirementId))
                .GroupBy(c => columnOf[c.RequirementId])
                .ToDictionary(c => c.Key, c => c.OrderBy(x => Rank(x.Status)).Select(x => new MatrixCell(
                    x.Status, x.ValidUntil, x.DueOn, x.VersionId is { } v ? versions.GetValueOrDefault(v) : null,
                    Shortfall(credits.GetValueOrDefault(x.RequirementId), x.CreditsEarned))).First()))).ToList();
        var columns = columnOf.Values.Distinct().Select(id => new MatrixColumn(id, labels[id])).OrderBy(c => c.Label, StringComparer.Ordinal).ToList();
        return Filter(new Contracts.Matrix(columns, rows, rows.Count), status);
    }

    /// <summary>Only the employees with at least one requirement in the given status (all when null).</summary>
    public static Contracts.Matrix Filter(Contracts.Matrix matrix, string? status) =>
        string.IsNullOrWhiteSpace(status)
            ? matrix with { Rows = [.. matrix.Rows.Take(MaxRows)] }
            : matrix with { Rows = [.. matrix.Rows.Where(r => r.Cells.Values.Any(c => c.Status == status)).Take(MaxRows)] };

    /// <summary>Who lacks what, and by when: every tracked requirement that is not simply qualified.</summary>
    public async Task<IReadOnlyList<GapRow>> GapsAsync(Guid? orgUnitId, CancellationToken ct) => Gaps(await BuildAsync(orgUnitId, null, ct));

    public static IReadOnlyList<GapRow> Gaps(Contracts.Matrix matrix)
    {
        var labels = matrix.Columns.ToDictionary(c => c.RequirementId, c => c.Label);
        return matrix.Rows
            .SelectMany(r => r.Cells.Where(c => c.Value.Status != "qualified")
                .Select(c => new GapRow(r.EmployeeId, r.EmployeeNo, r.Name, r.OrgUnitName, labels[c.Key], c.Value.Status, c.Value.DueOn ?? c.Value.ValidUntil)))
            .OrderBy(g => g.DueOn ?? DateOnly.MaxValue).ThenBy(g => g.EmployeeNo, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<Guid[]> UnitsAsync(Guid? root, CancellationToken ct)
    {
        var tree = await organization.VisibleTreeAsync(true, ct);
        if (root is null)
        {
            return [.. tree.Select(u => u.Id)];
        }

        if (tree.All(u => u.Id != root))
        {
            throw new NotFoundException("org unit");
        }

        var children = tree.ToLookup(u => u.ParentId);
        var result = new List<Guid>();
        var stack = new Stack<Guid>([root.Value]);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            result.Add(id);
            foreach (var child in children[id])
            {
                stack.Push(child.Id);
            }
        }

        return [.. result];
    }

    /// <summary>When one person meets the same requirement through a post and an operation, the worse status shows.</summary>
    private static int Rank(string status) => status switch
    {
        "expired" => 0,
        "retraining_required" => 1,
        "not_trained" => 2,
        "expiring" => 3,
        _ => 4,
    };

    /// <summary>A credits requirement's year-end shortfall: what the person has this year and what they still lack.</summary>
    private string? Shortfall(decimal? min, decimal? earned) => min is { } required && earned is { } has && has < required
        ? t["gate.credits_short", CreditAmounts.Format(has), CreditAmounts.Format(required - has)].Value
        : null;

    private sealed record Person(Guid EmployeeId, string EmployeeNo, string Name, string UnitName, string? PositionName);

    private sealed record Cell(Guid RequirementId, string Status, DateOnly? ValidUntil, DateOnly? DueOn, Guid? VersionId, decimal? CreditsEarned);

    /// <summary>A row as read: the person, and one of their statuses (none when they hold no requirement).</summary>
    private sealed record CellRow(
        Guid EmployeeId, string EmployeeNo, string Name, string UnitName, string? PositionName, Guid? RequirementId, string? Status, DateOnly? ValidUntil, DateOnly? DueOn, Guid? VersionId, decimal? CreditsEarned);
}
