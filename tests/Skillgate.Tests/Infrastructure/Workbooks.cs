using Skillgate.Platform.Excel;

namespace Skillgate.Tests.Infrastructure;

/// <summary>Builds real .xlsx files with the app's writer, in the import template's layout.</summary>
public static class Workbooks
{
    public static readonly string[] EmployeeHeaders = ["工号", "姓名", "手机", "邮箱", "组织编码", "岗位编码", "上级工号", "班次组编码", "入职日期"];

    public static byte[] Employees(IEnumerable<object?[]> rows, IEnumerable<object?[]>? units = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new XlsxWriter(buffer))
        {
            if (units is not null)
            {
                writer.AddSheet("组织单元", ["编码", "名称", "类型", "上级编码", "职能"], units);
            }

            writer.AddSheet("员工", EmployeeHeaders, rows);
        }

        return buffer.ToArray();
    }
}
