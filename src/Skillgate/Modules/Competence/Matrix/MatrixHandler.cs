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

    public async Task<Contracts.Matrix> BuildAsync(Guid? orgUnitId, string? status, CancellationToken ct)
    {
        var units = await UnitsAsync(orgUnitId, ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var cells = (await connection.QueryAsync<CellRow>(new CommandDefinition(
            """
            SELECT e.id AS EmployeeId, e.employee_no AS EmployeeNo, e.name, u.name AS UnitName, p.name AS PositionName,
                   q.requirement_id AS RequirementId, q.status, q.valid_until AS ValidUntil, q.due_on AS DueOn,
                   d.code || ' v' || v.major || '.' || v.minor AS Version, r.min_credits AS MinCredits,
                   CASE WHEN r.kind = 'credits' THEN learning.credits_earned(e.id, @now, @year, r.credit_category) END AS CreditsEarned
            FROM org.employee_v e
            JOIN org.org_unit_v u ON u.id = e.org_unit_id
            LEFT JOIN org.position_v p ON p.id = e.position_id
            LEFT JOIN competence.qualification q ON q.employee_id = e.id
            LEFT JOIN competence.requirement r ON r.id = q.requirement_id
            LEFT JOIN standards.document_version_v v ON v.id = q.basis_version_id
            LEFT JOIN standards.document_v d ON d.id = v.document_id
            WHERE e.status <> 'exited' AND e.org_unit_id = ANY(@units)
            ORDER BY e.employee_no
            """, new { units, now = engine.Now, year = engine.Today.Year }, cancellationToken: ct))).ToList();
        var requirementIds = cells.Where(c => c.RequirementId is not null).Select(c => c.RequirementId!.Value).Distinct().ToList();
        var requirements = await db.Set<Requirement>().AsNoTracking().Where(r => requirementIds.Contains(r.Id)).ToListAsync(ct);
        var labels = await engine.LabelsAsync(requirements, ct);

        // One column per requirement as people read it ("SOP-SAFE-01 v1.0 training"), however many posts carry it.
        var columnOf = labels.GroupBy(l => l.Value, StringComparer.Ordinal)
            .SelectMany(g => g.Select(l => (Requirement: l.Key, Column: g.Min(x => x.Key))))
            .ToDictionary(x => x.Requirement, x => x.Column);
        var rows = cells.GroupBy(c => c.EmployeeId).Select(g =>
        {
            var first = g.First();
            var byColumn = g.Where(c => c.RequirementId is not null)
                .GroupBy(c => columnOf[c.RequirementId!.Value])
                .ToDictionary(c => c.Key, c => c.OrderBy(x => Rank(x.Status!)).Select(x => new MatrixCell(x.Status!, x.ValidUntil, x.DueOn, x.Version, Shortfall(x))).First());
            return new MatrixRow(first.EmployeeId, first.EmployeeNo, first.Name, first.UnitName, first.PositionName, byColumn);
        }).ToList();
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
    private string? Shortfall(CellRow cell) => cell is { MinCredits: { } min, CreditsEarned: { } earned } && earned < min
        ? t["gate.credits_short", CreditAmounts.Format(earned), CreditAmounts.Format(min - earned)].Value
        : null;

    private sealed record CellRow(
        Guid EmployeeId, string EmployeeNo, string Name, string UnitName, string? PositionName,
        Guid? RequirementId, string? Status, DateOnly? ValidUntil, DateOnly? DueOn, string? Version, decimal? MinCredits, decimal? CreditsEarned);
}
