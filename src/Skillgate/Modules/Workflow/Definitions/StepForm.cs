using Skillgate.Modules.Workflow.Contracts;

namespace Skillgate.Modules.Workflow.Definitions;

/// <summary>
/// A step as the definition editor posts it: flat inputs for the escalation chain (hours after the limit at which the manager and
/// the director are told; blank for no link) and the outcomes (approve always; reject and return ticked), converted to and from
/// <see cref="StepDef"/>.
/// </summary>
internal sealed class StepForm
{
    public string? Key { get; set; }

    public string? NameZh { get; set; }

    public string? NameEn { get; set; }

    public string? Role { get; set; }

    public string? Function { get; set; }

    public decimal? LimitHours { get; set; }

    public string? HourKind { get; set; } = "working";

    public decimal? ManagerAfterHours { get; set; }

    public decimal? DirectorAfterHours { get; set; }

    public bool Signature { get; set; }

    public bool AllowReject { get; set; }

    public bool AllowReturn { get; set; }

    public List<string> ReturnTo { get; set; } = [];

    public string? Action { get; set; }

    public List<string> Consulted { get; set; } = [];

    public List<string> Informed { get; set; } = [];

    public List<FieldForm> Fields { get; set; } = [];

    public static StepForm From(StepDef s) => new()
    {
        Key = s.Key,
        NameZh = s.NameZh,
        NameEn = s.NameEn,
        Role = s.Role,
        Function = s.Function,
        LimitHours = s.LimitHours,
        HourKind = s.HourKind,
        ManagerAfterHours = s.Escalation.FirstOrDefault(e => e.Target == "manager")?.AfterHours,
        DirectorAfterHours = s.Escalation.FirstOrDefault(e => e.Target == "director")?.AfterHours,
        Signature = s.Signature,
        AllowReject = s.Outcomes.Contains("reject"),
        AllowReturn = s.Outcomes.Contains("return"),
        ReturnTo = [.. s.ReturnTo],
        Action = s.Action,
        Consulted = [.. s.Consulted],
        Informed = [.. s.Informed],
        Fields = s.Form.Select(FieldForm.From).ToList(),
    };

    public StepDef ToStepDef()
    {
        var chain = new List<EscalationDef>();
        if (ManagerAfterHours is { } manager)
        {
            chain.Add(new EscalationDef(manager, "manager"));
        }

        if (DirectorAfterHours is { } director)
        {
            chain.Add(new EscalationDef(director, "director"));
        }

        List<string> outcomes = ["approve"];
        if (AllowReject)
        {
            outcomes.Add("reject");
        }

        if (AllowReturn)
        {
            outcomes.Add("return");
        }

        return new StepDef(
            Trim(Key), Trim(NameZh), Trim(NameEn), Role ?? "", Function ?? "", LimitHours, HourKind ?? "",
            chain.OrderBy(e => e.AfterHours).ThenBy(e => e.Target == "manager" ? 0 : 1).ToList(),
            Fields.Select(f => f.ToFieldDef()).ToList(), Signature, outcomes,
            AllowReturn ? ReturnTo.Where(r => !string.IsNullOrEmpty(r)).Distinct(StringComparer.Ordinal).ToList() : [],
            string.IsNullOrWhiteSpace(Action) ? null : Action.Trim(),
            Consulted.Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal).ToList(),
            Informed.Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal).ToList());
    }

    internal static string Trim(string? value) => value?.Trim() ?? "";
}

/// <summary>A form field of a step as the editor posts it; the options of a choice are comma-separated text.</summary>
internal sealed class FieldForm
{
    private static readonly char[] Separators = [',', '，', '、'];

    public string? Key { get; set; }

    public string? LabelZh { get; set; }

    public string? LabelEn { get; set; }

    public string? Type { get; set; } = "text";

    public bool Required { get; set; }

    public string? Options { get; set; }

    public static FieldForm From(FieldDef f) => new()
    {
        Key = f.Key, LabelZh = f.LabelZh, LabelEn = f.LabelEn, Type = f.Type, Required = f.Required, Options = string.Join(", ", f.Options),
    };

    public FieldDef ToFieldDef() => new(
        StepForm.Trim(Key), StepForm.Trim(LabelZh), StepForm.Trim(LabelEn), Type ?? "", Required,
        Type == "choice" ? (Options ?? "").Split(Separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList() : []);
}
