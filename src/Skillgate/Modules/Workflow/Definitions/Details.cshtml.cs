using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow.Definitions;

[Authorize(Policy = Permissions.WorkflowRead)]
internal sealed class DetailsModel(DefinitionHandler definitions, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    public DefinitionDto Definition { get; private set; } = null!;

    public IReadOnlyList<RaciRow> Raci { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Functions { get; private set; } = new Dictionary<string, string>();

    public bool CanDesign { get; private set; }

    public string Name => Texts.IsChinese ? Definition.NameZh : Definition.NameEn;

    public string FunctionName(string code) => Functions.TryGetValue(code, out var name) ? name : code;

    /// <summary>A choice option as the instance pages show it (translated when the workflow texts know it).</summary>
    public string Option(string option)
    {
        var text = t[WorkflowVocabularies.FieldOption, option];
        return text.ResourceNotFound ? option : text.Value;
    }

    public static string Hours(decimal hours) => hours.ToString("0.##", CultureInfo.InvariantCulture);

    public string Limit(StepDef s) => s.LimitHours is { } h ? t[s.HourKind == "calendar" ? "wfdesign.limit_calendar" : "wfdesign.limit_working", Hours(h)] : t["wfdesign.no_limit"];

    public string Chain(StepDef s) => s.Escalation.Count == 0
        ? "—"
        : string.Join(t["wfdesign.list_sep"], s.Escalation.Select(e => t["wfdesign.escalation_link", Hours(e.AfterHours), t[WorkflowVocabularies.EscalationTarget, e.Target]].Value));

    public static string StepName(DefinitionVersionDto version, string key) =>
        version.Steps.FirstOrDefault(s => s.Key == key) is { } s ? DefinitionHandler.StepName(s) : key;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(async () =>
    {
        Definition = await definitions.GetAsync(Code, ct);
        Raci = Definition.Versions.Count == 0 ? [] : await definitions.RaciAsync(Code, ct);
        Functions = await definitions.FunctionNamesAsync(ct);
        CanDesign = await CanAsync(Permissions.WorkflowDesign);
    });
}
