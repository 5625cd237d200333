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

    public int TotalRows => OrgUnits.Count + Positions.Count + Employees.Count;
}
