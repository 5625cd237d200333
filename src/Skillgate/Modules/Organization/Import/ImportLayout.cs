using Skillgate.Platform.Excel;

namespace Skillgate.Modules.Organization.Import;

internal static class ImportLimits
{
    public const long MaxFileBytes = 40L * 1024 * 1024;
    public const int MaxRows = 250_000;
    public const int MaxErrorsKept = 1000;

    /// <summary>
    /// A workbook of up to <see cref="MaxRows"/> employees (about 85 MB of sheet XML unpacked) is meant to be read, so its sheet and
    /// total limits are raised to fit; the sheets are streamed, so only time grows with them.
    /// </summary>
    public static XlsxLimits Workbook(XlsxLimits configured) => configured.AtLeast(150L * 1024 * 1024, 200L * 1024 * 1024, MaxRows + 1);
}

/// <summary>A column of the import template, with its header in both languages.</summary>
internal sealed record ImportColumn(string Key, string Zh, string En, bool Required)
{
    public string Header(bool chinese) => chinese ? Zh : En;
}

/// <summary>A sheet of the import template; a workbook may use the Chinese or English names.</summary>
internal sealed record ImportSheet(string Key, string Zh, string En, IReadOnlyList<ImportColumn> Columns)
{
    public string Name(bool chinese) => chinese ? Zh : En;

    public bool Matches(string sheetName) =>
        string.Equals(sheetName.Trim(), Zh, StringComparison.OrdinalIgnoreCase) || string.Equals(sheetName.Trim(), En, StringComparison.OrdinalIgnoreCase);
}

internal static class ImportLayout
{
    public static readonly ImportSheet OrgUnits = new("org_units", "组织单元", "OrgUnits",
    [
        new("code", "编码", "Code", true),
        new("name", "名称", "Name", true),
        new("type", "类型", "Type", true),
        new("parent", "上级编码", "Parent code", false),
        new("functions", "职能", "Functions", false),
    ]);

    public static readonly ImportSheet Positions = new("positions", "岗位", "Positions",
    [
        new("code", "编码", "Code", true),
        new("name", "名称", "Name", true),
        new("org_unit", "组织编码", "Org unit code", true),
    ]);

    public static readonly ImportSheet Employees = new("employees", "员工", "Employees",
    [
        new("employee_no", "工号", "Employee no", true),
        new("name", "姓名", "Name", true),
        new("phone", "手机", "Phone", false),
        new("email", "邮箱", "Email", false),
        new("org_unit", "组织编码", "Org unit code", true),
        new("position", "岗位编码", "Position code", false),
        new("manager", "上级工号", "Manager no", false),
        new("shift_group", "班次组编码", "Shift group code", false),
        new("hire_date", "入职日期", "Hire date", true),
    ]);

    public static readonly IReadOnlyList<ImportSheet> Sheets = [OrgUnits, Positions, Employees];
}
