using System.Text.Json.Nodes;

namespace Skillgate.Modules.Workflow.Demo;

/// <summary>
/// The built-in processes as a hospital words and staffs them: stored data is not translated when the sector changes (ADR
/// 0022), so the demo hospital rewrites the names of the processes, their steps and their fields, and gives the plant's
/// production and sales steps to the clinical departments and the quality-control office.
/// </summary>
internal static class HospitalProcesses
{
    private static readonly Dictionary<string, string> Functions = new(StringComparer.Ordinal)
    {
        ["production"] = "clinical", ["qa"] = "quality_control", ["sales"] = "quality_control",
    };

    private static readonly Dictionary<string, string> RolesFor = new(StringComparer.Ordinal) { ["Sales"] = "QA" };

    public static readonly Dictionary<string, Words> Names = new(StringComparer.Ordinal)
    {
        ["MOC"] = new("诊疗规范更新 (MOC)", "Procedure update (MOC)"),
        ["CAPA"] = new("患者投诉 / 不良事件整改 (CAPA)", "Patient complaint / adverse event (CAPA)"),
        ["DEFECT-DISPUTE"] = new("不良事件归因异议", "Adverse event attribution dispute"),
    };

    private static readonly Dictionary<(string Definition, string Key), Words> Steps = new()
    {
        [("MOC", "submit")] = new("科室提交诊疗规范更新", "The department submits the procedure update"),
        [("MOC", "qa_review")] = new("质控办按标准评审并发布新版", "The quality-control office reviews against the standard and releases the new version"),
        [("MOC", "hr_plan")] = new("人事处为受影响岗位生成培训计划", "HR plans the training for the affected posts"),
        [("MOC", "training")] = new("医护人员培训", "Doctors and nurses train"),
        [("MOC", "qa_check")] = new("质控办监督检查", "The quality-control office checks compliance"),
        [("MOC", "results")] = new("结果反馈科室与人事处", "Results back to the department and HR"),
        [("CAPA", "file")] = new("质控办登记投诉", "The quality-control office files the complaint"),
        [("CAPA", "investigate")] = new("质控办用病例追溯调查", "The quality-control office investigates with the case trace"),
        [("CAPA", "containment")] = new("科室提交处置与整改计划 (24 小时内)", "The department submits its immediate actions and corrective plan (within 24 h)"),
        [("CAPA", "verify")] = new("质控办验证整改有效性", "The quality-control office verifies effectiveness"),
        [("CAPA", "confirm")] = new("质控办与患者确认并签字关闭", "The quality-control office confirms with the patient and closes with a signature"),
        [("NEED-PLAN", "review")] = new("科室负责人审核", "Head of department reviews"),
        [("DEFECT-DISPUTE", "dispute")] = new("科室提出归因异议", "The department disputes the attribution"),
        [("DEFECT-DISPUTE", "decide")] = new("质控办裁定", "The quality-control office decides"),
    };

    private static readonly Dictionary<(string Definition, string Field), Words> Fields = new()
    {
        [("MOC", "operation")] = new("变更的诊疗操作", "Changed procedure"),
        [("MOC", "course")] = new("培训课程", "Training course"),
        [("CAPA", "customer")] = new("患者", "Patient"),
        [("CAPA", "batch")] = new("病例", "Case"),
        [("CAPA", "containment")] = new("应急处置", "Immediate actions"),
        [("CAPA", "correctivePlan")] = new("整改计划", "Corrective plan"),
        [("CAPA", "customerResponse")] = new("患者反馈", "Patient's response"),
        [("DEFECT-DISPUTE", "evidenceRef")] = new("证据（耗材验收记录、设备停用记录、检查编号、文件）", "Evidence reference (supply record, equipment downtime, check, document)"),
    };

    /// <summary>A definition's steps (stored JSON) as the hospital has them.</summary>
    public static string Reword(string definition, string steps)
    {
        var array = JsonNode.Parse(steps)!.AsArray();
        foreach (var step in array.Select(s => s!.AsObject()))
        {
            var key = (string)step["key"]!;
            if (Steps.TryGetValue((definition, key), out var name))
            {
                step["nameZh"] = name.Zh;
                step["nameEn"] = name.En;
            }

            step["role"] = RolesFor.GetValueOrDefault((string)step["role"]!, (string)step["role"]!);
            step["function"] = Function((string)step["function"]!);
            foreach (var list in new[] { "consulted", "informed" })
            {
                step[list] = new JsonArray([.. step[list]!.AsArray().Select(f => Function((string)f!)).Distinct().Select(f => (JsonNode)f)]);
            }

            foreach (var field in step["form"]!.AsArray().Select(f => f!.AsObject()))
            {
                if (Fields.TryGetValue((definition, (string)field["key"]!), out var label))
                {
                    field["labelZh"] = label.Zh;
                    field["labelEn"] = label.En;
                }
            }
        }

        return array.ToJsonString();
    }

    private static string Function(string code) => Functions.GetValueOrDefault(code, code);

    internal sealed record Words(string Zh, string En);
}
