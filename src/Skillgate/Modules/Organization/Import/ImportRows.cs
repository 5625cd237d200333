namespace Skillgate.Modules.Organization.Import;

internal sealed record OrgUnitRow(int Row, string Code, string Name, string Type, string? Parent, string[] Functions);

internal sealed record PositionRow(int Row, string Code, string Name, string OrgUnit);

internal sealed record EmployeeRow(
    int Row, string EmployeeNo, string Name, string? Phone, string? Email, string OrgUnit, string? Position,
    string? Manager, string? ShiftGroup, DateOnly? HireDate);

/// <summary>The rows of a workbook, read and checked for form; references are checked by the handler.</summary>
internal sealed class ImportWorkbook
{
    public List<OrgUnitRow> OrgUnits { get; } = [];

    public List<PositionRow> Positions { get; } = [];

    public List<EmployeeRow> Employees { get; } = [];

    /// <summary>Per layout sheet: the uploaded file's own sheet name and where each column is, so errors name them as the file does.</summary>
    public Dictionary<ImportSheet, (string Name, Dictionary<string, int> Columns)> Sheets { get; } = [];

    /// <summary>Note lines under a table (left out of the import, reported as warnings).</summary>
    public List<(string Sheet, int Row)> Notes { get; } = [];

    public int TotalRows => OrgUnits.Count + Positions.Count + Employees.Count;
}
