using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow.Definitions;

/// <summary>
/// The draft editor: the steps of the draft (or of the published version, which saving turns into a new draft). Adding, removing and
/// moving steps and fields only change the posted list and show it again; "save" and "publish" store it.
/// </summary>
[Authorize(Policy = Permissions.WorkflowRead)]
internal sealed partial class EditModel(DefinitionHandler definitions, IOrganizationDirectory organization, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    [BindProperty]
    public List<StepForm> Steps { get; set; } = [];

    public DefinitionDto Definition { get; private set; } = null!;

    public DefinitionVersionDto? Draft { get; private set; }

    public DefinitionVersionDto? Published { get; private set; }

    public int NextNumber { get; private set; }

    public IReadOnlyDictionary<string, string> Functions { get; private set; } = new Dictionary<string, string>();

    public string Name => Texts.IsChinese ? Definition.NameZh : Definition.NameEn;

    /// <summary>The CSS class of an input whose posted value failed validation (keys as <c>Steps[0].NameZh</c>).</summary>
    public string Invalid(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? " is-invalid" : "";

    public static string Title(StepForm s) =>
        (Texts.IsChinese ? s.NameZh : s.NameEn) is { Length: > 0 } name && !string.IsNullOrWhiteSpace(name) ? name : s.Key ?? "";

    public static string Hours(decimal? hours) => hours?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => OpenAsync(() =>
    {
        var source = Draft ?? Published ?? (Definition.Versions.Count > 0 ? Definition.Versions[0] : null);
        Steps = source?.Steps.Select(StepForm.From).ToList() ?? [];
        return Task.CompletedTask;
    }, ct);

    public Task<IActionResult> OnPostAddStepAsync(CancellationToken ct) => ReshapeAsync(() =>
    {
        var n = Steps.Count + 1;
        while (Steps.Any(s => s.Key == Key(n)))
        {
            n++;
        }

        Steps.Add(new StepForm
        {
            Key = Key(n), Role = Roles.All[0], Function = Functions.Keys.FirstOrDefault(), HourKind = StepRules.HourKinds[0],
        });
        static string Key(int n) => string.Create(CultureInfo.InvariantCulture, $"step_{n}");
    }, ct);

    public Task<IActionResult> OnPostRemoveStepAsync(int index, CancellationToken ct) => ReshapeAsync(() =>
    {
        if (index >= 0 && index < Steps.Count)
        {
            Steps.RemoveAt(index);
        }
    }, ct);

    public Task<IActionResult> OnPostMoveUpAsync(int index, CancellationToken ct) => ReshapeAsync(() =>
    {
        if (index > 0 && index < Steps.Count)
        {
            (Steps[index - 1], Steps[index]) = (Steps[index], Steps[index - 1]);
        }
    }, ct);

    public Task<IActionResult> OnPostAddFieldAsync(int index, CancellationToken ct) => ReshapeAsync(() =>
    {
        if (index >= 0 && index < Steps.Count)
        {
            var fields = Steps[index].Fields;
            var n = fields.Count + 1;
            while (fields.Any(f => f.Key == FieldKey(n)))
            {
                n++;
            }

            fields.Add(new FieldForm { Key = FieldKey(n), Type = StepRules.FieldTypes[0] });
        }

        static string FieldKey(int n) => string.Create(CultureInfo.InvariantCulture, $"field_{n}");
    }, ct);

    public Task<IActionResult> OnPostRemoveFieldAsync(int index, int field, CancellationToken ct) => ReshapeAsync(() =>
    {
        if (index >= 0 && index < Steps.Count && field >= 0 && field < Steps[index].Fields.Count)
        {
            Steps[index].Fields.RemoveAt(field);
        }
    }, ct);

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => StoreAsync(publish: false, ct);

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) => StoreAsync(publish: true, ct);

    private async Task<IActionResult> StoreAsync(bool publish, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.WorkflowDesign))
        {
            return Forbid();
        }

        try
        {
            await LoadAsync(ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            // A value the browser let through but that is no number (the hours): shown with the others, nothing saved.
            return Page();
        }

        return await Attempt(async () =>
        {
            try
            {
                await definitions.SaveDraftAsync(Code, new DraftInput(Steps.Select(s => s.ToStepDef()).ToList()), ct);
            }
            catch (ValidationFailedException e)
            {
                AddErrors(e);
                return Page();
            }

            if (!publish)
            {
                Flash(t["wfdesign.draft_saved"]);
                return Redirect($"/Workflow/Definitions/Edit?code={Uri.EscapeDataString(Definition.Code)}");
            }

            var published = await definitions.PublishAsync(Code, ct);
            Flash(t["wfdesign.published_flash", published.Versions.First(v => v.Status == "published").Number]);
            return Redirect($"/Workflow/Definitions/Details?code={Uri.EscapeDataString(Definition.Code)}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    /// <summary>Changes the posted list in memory (nothing is saved) and shows it again.</summary>
    private Task<IActionResult> ReshapeAsync(Action change, CancellationToken ct)
    {
        ModelState.Clear();
        return OpenAsync(() =>
        {
            change();

            // A step can only return to one before it: moving or removing steps drops the links that no longer point back.
            for (var i = 0; i < Steps.Count; i++)
            {
                var earlier = Steps.Take(i).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
                Steps[i].ReturnTo = Steps[i].ReturnTo.Where(earlier.Contains).ToList();
            }

            return Task.CompletedTask;
        }, ct);
    }

    private async Task<IActionResult> OpenAsync(Func<Task> then, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.WorkflowDesign))
        {
            return Forbid();
        }

        return await PageOr404Async(async () =>
        {
            await LoadAsync(ct);
            await then();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Definition = await definitions.GetAsync(Code, ct);
        Draft = Definition.Versions.FirstOrDefault(v => v.Status == "draft");
        Published = Definition.Versions.FirstOrDefault(v => v.Status == "published");
        NextNumber = Definition.Versions.Count == 0 ? 1 : Definition.Versions.Max(v => v.Number) + 1;
        Functions = await organization.FunctionNamesAsync(ct);
    }

    private void AddErrors(ValidationFailedException e)
    {
        foreach (var (field, messages) in e.Errors)
        {
            var (key, label) = Describe(field);
            foreach (var message in messages)
            {
                ModelState.AddModelError(key, t["wfdesign.error_at", label, message]);
            }
        }
    }

    /// <summary>A handler error key (<c>steps[1].form[0].labelZh</c>) as the posted input's name and as words ("Step 2 · field 1 · label (Chinese)").</summary>
    private (string Key, string Label) Describe(string field)
    {
        var m = ErrorKey().Match(field);
        if (!m.Success)
        {
            return (field, field == "steps" ? t["wfdesign.steps"] : field);
        }

        var step = int.Parse(m.Groups["step"].Value, CultureInfo.InvariantCulture);
        var name = m.Groups["name"].Value;
        var stepLabel = t["wfdesign.step_n", step + 1].Value;
        if (step < Steps.Count && !string.IsNullOrWhiteSpace(Steps[step].Key))
        {
            stepLabel += $" ({Steps[step].Key})";
        }

        if (m.Groups["field"].Success)
        {
            var index = int.Parse(m.Groups["field"].Value, CultureInfo.InvariantCulture);
            return (string.Create(CultureInfo.InvariantCulture, $"Steps[{step}].Fields[{index}].{Pascal(name)}"),
                $"{stepLabel} · {t["wfdesign.field_n", index + 1]} · {Words("wfdesign.field." + name, name)}");
        }

        var bound = name switch
        {
            "form" => "Fields",
            "outcomes" => "AllowReject",
            "escalation" => "ManagerAfterHours",
            _ => Pascal(name),
        };
        return (string.Create(CultureInfo.InvariantCulture, $"Steps[{step}].{bound}"), $"{stepLabel} · {Words("wfdesign.field." + name, name)}");
    }

    private string Words(string key, string fallback)
    {
        var s = t[key];
        return s.ResourceNotFound ? fallback : s.Value;
    }

    private static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    [GeneratedRegex(@"^steps\[(?<step>\d+)\]\.(?:form\[(?<field>\d+)\]\.)?(?<name>\w+)$")]
    private static partial Regex ErrorKey();
}
