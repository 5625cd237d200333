using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Definitions;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance;

/// <summary>A KPI's versions, and the form for a new KPI or a new version of this one (never an edit of an existing version).</summary>
[Authorize(Policy = Permissions.KpiRead)]
internal sealed class EditModel(
    DefinitionHandler definitions, Results.ResultRuleHandler rules, Skillgate.Modules.Organization.Contracts.IOrganizationDirectory organization, TimeProvider clock) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public KpiVersionInput Form { get; set; } = new(null, null, "defect_rate", "lower", "percent", "month", "org_unit", null, null, null, null);

    public KpiDefinitionDto? Definition { get; private set; }

    public IReadOnlyList<ResultRuleDto> Rules { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Functions { get; private set; } = new Dictionary<string, string>();

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

    public Task<IActionResult> OnPostRuleAsync(ResultRuleInput rule, CancellationToken ct) =>
        ChangeAsync(Permissions.KpiConfigure, () => rules.AddAsync(Id ?? Guid.Empty, rule, ct), $"/Performance/Edit?id={Id}#rules", () => LoadAsync(ct));

    public Task<IActionResult> OnPostRetireAsync(Guid ruleId, CancellationToken ct) =>
        ChangeAsync(Permissions.KpiConfigure, () => rules.RetireAsync(ruleId, ct), $"/Performance/Edit?id={Id}#rules", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        CanConfigure = await CanAsync(Permissions.KpiConfigure);
        Functions = await organization.FunctionNamesAsync(ct);
        Definition = Id is { } id ? await definitions.GetAsync(id, ct) : null;
        Rules = Id is { } definition ? await rules.ListAsync(definition, ct) : [];
    }
}
