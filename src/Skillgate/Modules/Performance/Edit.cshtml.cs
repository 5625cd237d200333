using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance;

/// <summary>A KPI's versions, and the form for a new KPI or a new version of this one (never an edit of an existing version).</summary>
[Authorize(Policy = Permissions.KpiRead)]
internal sealed class EditModel(DefinitionHandler definitions, TimeProvider clock) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public KpiVersionInput Form { get; set; } = new(null, null, "defect_rate", "lower", "percent", "month", "org_unit", null, null, null, null);

    public KpiDefinitionDto? Definition { get; private set; }

    public IReadOnlyList<(string Code, string Name)> Functions { get; private set; } = [];

    public bool CanConfigure { get; private set; }

    public DateOnly NextMonth
    {
        get
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            return new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        }
    }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(async () =>
    {
        await LoadAsync(ct);
        if (Definition is { } d)
        {
            var c = d.Current;
            Form = new KpiVersionInput(c.NameZh, c.NameEn, c.Metric, c.Direction, c.Unit, c.Period, c.Level, c.FunctionCode, c.Target, NextMonth, null);
        }
        else
        {
            Form = Form with { EffectiveFrom = NextMonth };
        }
    });

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await CanAsync(Permissions.KpiConfigure))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var saved = Id is { } id ? await definitions.AddVersionAsync(id, Form, ct) : await definitions.CreateAsync(new KpiDefinitionInput(Code, Form), ct);
            Flash(HttpContext.RequestServices.GetRequiredService<Skillgate.Platform.Localization.Texts>()["action.saved"]);
            return Redirect($"/Performance/Edit?id={saved.Id}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanConfigure = await CanAsync(Permissions.KpiConfigure);
        Functions = await definitions.FunctionsAsync(ct);
        Definition = Id is { } id ? await definitions.GetAsync(id, ct) : null;
    }
}
