using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Certifications;

/// <summary>
/// Certifications at points thresholds: everyone sees the thresholds and their own certificates; HR adds or changes a
/// threshold (granted at once to whoever already reached it); readers see who was granted what in their scope.
/// </summary>
[Authorize(Policy = Permissions.PointsSelf)]
internal sealed class IndexModel(CertificationHandler certifications) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public RuleForm Form { get; set; } = new();

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<CertificationRuleDto> Rules { get; private set; } = [];

    public IReadOnlyList<CertificationDto> Mine { get; private set; } = [];

    public Page<CertificationDto>? Granted { get; private set; }

    public IReadOnlyList<(Guid Id, string Name, int MaxLevel)> Skills { get; private set; } = [];

    public bool CanConfigure { get; private set; }

    public PagerModel Pager => new(Granted!.PageNumber, Granted.PageCount, Granted.Total, p => $"/Points/Certifications?page={p}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Rules.FirstOrDefault(r => r.Id == Id) is { } rule)
        {
            Form = new RuleForm { Code = rule.Code, Name = rule.Name, MinPoints = rule.MinPoints, Months = rule.Months, SkillId = rule.SkillId, SkillLevel = rule.SkillLevel, Active = rule.Active };
        }
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        ChangeAsync(Permissions.PointsConfigure, () => certifications.SaveRuleAsync(Id, Form.ToInput(), ct), "/Points/Certifications", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Rules = await certifications.RulesAsync(ct);
        Mine = await certifications.MineAsync(ct);
        CanConfigure = await CanAsync(Permissions.PointsConfigure);
        Skills = CanConfigure ? await certifications.SkillsAsync(ct) : [];
        Granted = await CanAsync(Permissions.PointsRead) ? await certifications.ListAsync(null, PageNumber, 20, ct) : null;
    }

    internal sealed class RuleForm
    {
        public string? Code { get; set; }

        public string? Name { get; set; }

        public int? MinPoints { get; set; }

        public int? Months { get; set; } = 12;

        public Guid? SkillId { get; set; }

        public int? SkillLevel { get; set; }

        public bool Active { get; set; } = true;

        public CertificationRuleInput ToInput() => new(Code, Name, MinPoints, Months, SkillId, SkillLevel, Active);
    }
}
