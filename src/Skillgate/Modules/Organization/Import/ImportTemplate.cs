using Skillgate.Platform.Excel;

namespace Skillgate.Modules.Organization.Import;

/// <summary>The empty import workbook, with one example row per sheet on a separate instructions sheet.</summary>
internal static class ImportTemplate
{
    public static byte[] Create(bool chinese)
    {
        using var buffer = new MemoryStream();
        using (var writer = new XlsxWriter(buffer))
        {
            foreach (var sheet in ImportLayout.Sheets)
            {
                writer.AddSheet(sheet.Name(chinese), sheet.Columns.Select(c => c.Header(chinese)).ToList(), []);
            }

            writer.AddSheet(chinese ? "说明" : "Instructions", [chinese ? "说明" : "How to fill in"], (chinese ? ZhHelp : EnHelp).Select(l => new object?[] { l }));
        }

        return buffer.ToArray();
    }

    private static readonly string[] ZhHelp =
    [
        "每个工作表第一行是表头，请勿修改；从第二行开始填写。",
        "组织单元按“编码”匹配：已有则更新，没有则新建。上级编码可以引用本文件中的其它行。",
        "类型：group 集团、plant 工厂、workshop 车间、line 产线、team 班组、hospital 医院、department 科室、ward 病区 …",
        "职能（多个用逗号分隔）：production 生产、qa 质量、hr 人事、sales 销售、procurement 采购、clinical 临床、quality_control 质控 …",
        "员工按“工号”匹配；组织或岗位变化会记入员工的履历（调动/岗位变更）。",
        "日期格式：2024-03-01。整个文件先全部校验，有任何错误则不导入任何数据。",
        "示例：组织单元  WS-WELD | 焊接车间 | workshop | PLANT-1 | production",
        "示例：员工  E10001 | 张伟 | 13800138000 | zhang.wei@example.com | WS-WELD | P-WELDER | E10000 | SHIFT-A | 2021-04-01",
    ];

    private static readonly string[] EnHelp =
    [
        "The first row of each sheet is the header; do not change it. Fill in from row 2.",
        "Org units are matched by Code: existing ones are updated, new ones created. Parent code may refer to another row of this file.",
        "Type: group, plant, workshop, line, team, hospital, department, ward …",
        "Functions (comma-separated): production, qa, hr, sales, procurement, clinical, quality_control …",
        "Employees are matched by Employee no; a change of org unit or position is added to their history (transfer / position change).",
        "Dates as 2024-03-01. The whole file is checked first; if anything is wrong, nothing is imported.",
        "Example org unit:  WS-WELD | Welding workshop | workshop | PLANT-1 | production",
        "Example employee:  E10001 | Zhang Wei | 13800138000 | zhang.wei@example.com | WS-WELD | P-WELDER | E10000 | SHIFT-A | 2021-04-01",
    ];
}
