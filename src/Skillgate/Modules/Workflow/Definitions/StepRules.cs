using System.Globalization;
using System.Text.RegularExpressions;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow.Definitions;

/// <summary>What makes a list of steps a definition that can run: every field error is named <c>steps[i].field</c>.</summary>
internal static partial class StepRules
{
    public const int MaxSteps = 30;

    public const int MaxFields = 20;

    public const decimal MaxHours = 2000;

    public static readonly IReadOnlyList<string> HourKinds = ["working", "calendar"];

    public static readonly IReadOnlyList<string> Targets = ["manager", "director"];

    public static readonly IReadOnlyList<string> Outcomes = ["approve", "reject", "return"];

    public static readonly IReadOnlyList<string> Actions = ["defect_dispute", "kpi_appeal", "moc_plan"];

    public static readonly IReadOnlyList<string> FieldTypes = ["text", "textarea", "number", "date", "choice", "file", "operation", "course", "batch", "need", "plan"];

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex KeyPattern();

    /// <summary>Missing lists (an API caller may leave them out) become empty ones, so a stored step never holds a null list.</summary>
    public static List<StepDef> Normalize(IReadOnlyList<StepDef>? steps) =>
        (steps ?? []).Select(s => s is null ? null! : s with
        {
            Escalation = s.Escalation?.Where(e => e is not null).ToList() ?? [],
            Form = (s.Form ?? []).Where(f => f is not null).Select(f => f with { Options = f.Options ?? [] }).ToList(),
            Outcomes = s.Outcomes ?? [], ReturnTo = s.ReturnTo ?? [], Consulted = s.Consulted ?? [], Informed = s.Informed ?? [],
        }).ToList();

    public static void Check(IReadOnlyList<StepDef>? steps, IReadOnlySet<string> functions, Texts t)
    {
        var v = new Validation();
        if (steps is null || steps.Count == 0 || steps.Count > MaxSteps)
        {
            v.Add("steps", t["workflow.steps_count", MaxSteps]).ThrowIfInvalid();
            return;
        }

        var keys = new List<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"steps[{i}].");
            if (s is null)
            {
                v.Add(at + "key", t["workflow.key_format"]);
                keys.Add("");
                continue;
            }

            if (s.Key is null || !KeyPattern().IsMatch(s.Key))
            {
                v.Add(at + "key", t["workflow.key_format"]);
            }
            else if (keys.Contains(s.Key))
            {
                v.Add(at + "key", t["workflow.key_duplicate", s.Key]);
            }

            v.Require(at + "nameZh", s.NameZh, t["validation.required"]).MaxLength(at + "nameZh", s.NameZh, 200, t["validation.max_length", 200]);
            v.Require(at + "nameEn", s.NameEn, t["validation.required"]).MaxLength(at + "nameEn", s.NameEn, 200, t["validation.max_length", 200]);
            if (s.Role is null || !Roles.All.Contains(s.Role))
            {
                v.Add(at + "role", t["workflow.role_unknown"]);
            }

            CheckFunctions(v, at + "function", [s.Function], functions, t);
            CheckFunctions(v, at + "consulted", s.Consulted ?? [], functions, t);
            CheckFunctions(v, at + "informed", s.Informed ?? [], functions, t);
            if (s.LimitHours is { } limit && (limit <= 0 || limit > MaxHours))
            {
                v.Add(at + "limitHours", t["workflow.hours_range", MaxHours]);
            }

            if (s.HourKind is null || !HourKinds.Contains(s.HourKind))
            {
                v.Add(at + "hourKind", t["workflow.hour_kind"]);
            }

            CheckEscalation(v, at, s, t);
            CheckForm(v, at, s.Form ?? [], t);
            var outcomes = s.Outcomes ?? [];
            if (!outcomes.Contains("approve") || outcomes.Any(o => !Outcomes.Contains(o)) || outcomes.Distinct().Count() != outcomes.Count)
            {
                v.Add(at + "outcomes", t["workflow.outcomes"]);
            }

            var returnTo = s.ReturnTo ?? [];
            if (returnTo.Any(r => !keys.Contains(r)) || (outcomes.Contains("return") && returnTo.Count == 0))
            {
                v.Add(at + "returnTo", t["workflow.return_to"]);
            }

            if (s.Action is not null && !Actions.Contains(s.Action))
            {
                v.Add(at + "action", t["workflow.action_unknown"]);
            }

            if (i == 0 && (outcomes.Count != 1 || s.Signature))
            {
                v.Add(at + "outcomes", t["workflow.first_step"]);
            }

            keys.Add(s.Key ?? "");
        }

        v.ThrowIfInvalid();
    }

    private static void CheckFunctions(Validation v, string field, IEnumerable<string?> codes, IReadOnlySet<string> functions, Texts t)
    {
        if (codes.Any(c => c is null || !functions.Contains(c)))
        {
            v.Add(field, t["workflow.function_unknown"]);
        }
    }

    private static void CheckEscalation(Validation v, string at, StepDef s, Texts t)
    {
        var chain = s.Escalation ?? [];
        if (chain.Count > 5 || chain.Any(e => !Targets.Contains(e.Target) || e.AfterHours < 0 || e.AfterHours > MaxHours)
            || chain.Zip(chain.Skip(1)).Any(p => p.Second.AfterHours < p.First.AfterHours))
        {
            v.Add(at + "escalation", t["workflow.escalation"]);
        }

        if (chain.Count > 0 && s.LimitHours is null)
        {
            v.Add(at + "escalation", t["workflow.escalation_needs_limit"]);
        }
    }

    private static void CheckForm(Validation v, string at, IReadOnlyList<FieldDef> form, Texts t)
    {
        if (form.Count > MaxFields)
        {
            v.Add(at + "form", t["workflow.fields_count", MaxFields]);
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < form.Count; j++)
        {
            var f = form[j];
            var fat = string.Create(CultureInfo.InvariantCulture, $"{at}form[{j}].");
            if (f.Key is null || !KeyPattern().IsMatch(f.Key.ToLowerInvariant()) || !seen.Add(f.Key))
            {
                v.Add(fat + "key", t["workflow.field_key"]);
            }

            v.Require(fat + "labelZh", f.LabelZh, t["validation.required"]).MaxLength(fat + "labelZh", f.LabelZh, 200, t["validation.max_length", 200]);
            v.Require(fat + "labelEn", f.LabelEn, t["validation.required"]).MaxLength(fat + "labelEn", f.LabelEn, 200, t["validation.max_length", 200]);
            if (f.Type is null || !FieldTypes.Contains(f.Type))
            {
                v.Add(fat + "type", t["workflow.field_type"]);
            }
            else if (f.Type == "choice" && (f.Options is null || f.Options.Count == 0 || f.Options.Any(string.IsNullOrWhiteSpace)))
            {
                v.Add(fat + "options", t["workflow.field_options"]);
            }
        }
    }
}
