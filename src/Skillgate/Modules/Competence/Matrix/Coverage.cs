using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Qualifications;

namespace Skillgate.Modules.Competence.Matrix;

/// <summary>
/// How much of a matrix is covered: the share of tracked cells that pass (qualified or expiring) per requirement, per org unit,
/// and per unit × requirement for the heat map. A person without a cell for a requirement is not counted for it.
/// </summary>
internal sealed record Coverage(
    IReadOnlyDictionary<Guid, double?> ByRequirement,
    IReadOnlyList<(string Unit, int People, double? Share)> ByUnit,
    IReadOnlyList<(string Unit, Guid RequirementId, double Share)> Cells)
{
    public static Coverage Of(Contracts.Matrix matrix)
    {
        static double? Share(IEnumerable<MatrixCell> cells)
        {
            var list = cells.ToList();
            return list.Count == 0 ? null : (double)list.Count(c => EvaluatedRequirement.Passing.Contains(c.Status)) / list.Count;
        }

        var byRequirement = matrix.Columns.ToDictionary(c => c.RequirementId, c => Share(matrix.Rows.Select(r => r.Cells.GetValueOrDefault(c.RequirementId)).OfType<MatrixCell>()));
        var units = matrix.Rows.GroupBy(r => r.OrgUnitName).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var byUnit = units.Select(g => (g.Key, g.Count(), Share(g.SelectMany(r => r.Cells.Values)))).ToList();
        var cells = units.SelectMany(g => matrix.Columns
                .Select(c => (g.Key, c.RequirementId, Share: Share(g.Select(r => r.Cells.GetValueOrDefault(c.RequirementId)).OfType<MatrixCell>())))
                .Where(x => x.Share is not null)
                .Select(x => (x.Key, x.RequirementId, x.Share!.Value)))
            .ToList();
        return new Coverage(byRequirement, byUnit, cells);
    }
}
