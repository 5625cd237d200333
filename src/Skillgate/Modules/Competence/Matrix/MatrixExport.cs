using Skillgate.Modules.Competence.Contracts;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Competence.Matrix;

/// <summary>The matrix as .xlsx: one row per employee, one column per requirement, the status and its date in each cell.</summary>
internal static class MatrixExport
{
    public static byte[] Write(Contracts.Matrix matrix, Texts t)
    {
        using var buffer = new MemoryStream();
        using (var writer = new XlsxWriter(buffer))
        {
            var headers = new List<string> { t["field.employeeNo"], t["employee.name"], t["field.orgUnitId"], t["field.positionId"] };
            headers.AddRange(matrix.Columns.Select(c => c.Label));
            writer.AddSheet(t["matrix.title"], headers, matrix.Rows.Select(r =>
                new object?[] { r.EmployeeNo, r.Name, r.OrgUnitName, r.PositionName }
                    .Concat(matrix.Columns.Select(c => (object?)(r.Cells.TryGetValue(c.RequirementId, out var cell) ? Cell(cell, t) : null)))
                    .ToArray()));
        }

        return buffer.ToArray();
    }

    internal static string Cell(MatrixCell cell, Texts t)
    {
        var date = cell.DueOn ?? cell.ValidUntil;
        return t[CompetenceVocabularies.QualificationStatus, cell.Status] + (date is { } d ? " " + d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "")
            + (cell.Shortfall is { } shortfall ? " · " + shortfall : "");
    }
}
