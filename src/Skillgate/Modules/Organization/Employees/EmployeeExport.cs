using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Import;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Organization.Employees;

/// <summary>The employee list as .xlsx, in the import layout plus names and status, so it can be edited and imported back.</summary>
internal static class EmployeeExport
{
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<EmployeeDto> employees, Texts t, CancellationToken ct)
    {
        var chinese = Texts.IsChinese;
        var tempPath = Path.GetTempFileName();
        await using var temp = new FileStream(tempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        using (var writer = new XlsxWriter(temp))
        {
            var headers = new List<string>
            {
                Header("employee_no"), Header("name"), Header("phone"), Header("email"), Header("org_unit"), t["employee.org_unit"],
                Header("position"), t["employee.position"], Header("manager"), Header("shift_group"), Header("hire_date"), t["employee.status"],
            };
            await writer.AddSheetAsync(ImportLayout.Employees.Name(chinese), headers, Rows(employees, t), ct);
        }

        temp.Position = 0;
        await temp.CopyToAsync(output, ct);

        string Header(string key) => ImportLayout.Employees.Columns.First(c => c.Key == key).Header(chinese);
    }

    private static async IAsyncEnumerable<object?[]> Rows(IAsyncEnumerable<EmployeeDto> employees, Texts t)
    {
        await foreach (var e in employees)
        {
            yield return [e.EmployeeNo, e.Name, e.Phone, e.Email, e.OrgUnitCode, e.OrgUnitName, e.PositionCode, e.PositionName, e.ManagerNo, e.ShiftGroupCode, e.HireDate, t[OrganizationVocabularies.EmployeeStatus, e.Status].Value];
        }
    }
}
