using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Attribution;

/// <summary>Defects with their attribution, and the cause policy QA sets.</summary>
[Authorize(Policy = Permissions.QualityRead)]
internal sealed class IndexModel(AttributionHandler attribution, Skillgate.Modules.Organization.Contracts.IOrganizationDirectory organization) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Filter { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<DefectAttributionDto> Result { get; private set; } = new([], 0, 1, 25);

    public IReadOnlyList<CausePolicyDto> Policy { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Functions { get; private set; } = new Dictionary<string, string>();

    public bool CanDecide { get; private set; }

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total,
        p => $"/Quality/Attribution?q={Uri.EscapeDataString(Q ?? "")}&filter={Filter}&page={p}");

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostPolicyAsync(List<CausePolicyInput> policy, CancellationToken ct) =>
        ChangeAsync(Permissions.QualityAttribute, () => attribution.SavePolicyAsync(policy, ct), "/Quality/Attribution#policy", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        CanDecide = await CanAsync(Permissions.QualityAttribute);
        Result = await attribution.ListAsync(Q, Filter, PageNumber, 25, ct);
        Policy = await attribution.PolicyAsync(ct);
        Functions = await organization.FunctionNamesAsync(ct);
    }
}
