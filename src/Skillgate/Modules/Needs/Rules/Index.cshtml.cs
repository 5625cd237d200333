using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs.Rules;

[Authorize(Policy = Permissions.NeedsRead)]
internal sealed class IndexModel(RuleHandler rules, ICourseCatalog courses, ISkillCatalog skills, IOrganizationDirectory organization) : SkillgatePage
{
    public IReadOnlyList<RuleDto> Rules { get; private set; } = [];

    public IReadOnlyList<MappingDto> Mappings { get; private set; } = [];

    public IReadOnlyList<PlannedChangeDto> Changes { get; private set; } = [];

    public IReadOnlyList<CourseInfo> Courses { get; private set; } = [];

    public IReadOnlyList<SkillDto> Skills { get; private set; } = [];

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Positions { get; private set; } = [];

    public bool CanConfigure { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostRuleAsync(Guid? ruleId, RuleInput rule, CancellationToken ct) =>
        ChangeAsync(Permissions.NeedsConfigure, () => rules.SaveRuleAsync(ruleId, rule, ct), "/Needs/Rules", () => LoadAsync(ct));

    public Task<IActionResult> OnPostMappingAsync(MappingInput mapping, CancellationToken ct) =>
        ChangeAsync(Permissions.NeedsConfigure, () => rules.AddMappingAsync(mapping, ct), "/Needs/Rules#mappings", () => LoadAsync(ct));

    public Task<IActionResult> OnPostRemoveMappingAsync(Guid mappingId, CancellationToken ct) =>
        ChangeAsync(Permissions.NeedsConfigure, () => rules.RemoveMappingAsync(mappingId, ct), "/Needs/Rules#mappings", () => LoadAsync(ct));

    public Task<IActionResult> OnPostChangeAsync(PlannedChangeInput change, CancellationToken ct) =>
        ChangeAsync(Permissions.NeedsConfigure, () => rules.AddChangeAsync(change, ct), "/Needs/Rules#changes", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        CanConfigure = await CanAsync(Permissions.NeedsConfigure);
        Rules = await rules.RulesAsync(ct);
        Mappings = await rules.MappingsAsync(ct);
        Changes = await rules.ChangesAsync(ct);
        if (CanConfigure)
        {
            Courses = await courses.CurrentAsync(ct);
            Skills = await skills.ListAsync(ct);
            Units = await organization.VisibleTreeAsync(false, ct);
            Positions = await rules.PositionsAsync(ct);
        }
    }
}
