using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Matrix;

[Authorize(Policy = Permissions.CompetenceRead)]
internal sealed class IndexModel(MatrixHandler matrix, IOrganizationDirectory organization) : SkillgatePage
{
    public const int PageRows = 300;

    [BindProperty(SupportsGet = true)]
    public Guid? OrgUnitId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public Contracts.Matrix Result { get; private set; } = new([], [], 0);

    public IReadOnlyList<MatrixRow> Shown => [.. Result.Rows.Take(PageRows)];

    public IReadOnlyList<GapRow> Gaps { get; private set; } = [];

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(async () =>
    {
        Units = await organization.VisibleTreeAsync(false, ct);
        var all = await matrix.BuildAsync(OrgUnitId, null, ct);
        Result = MatrixHandler.Filter(all, Status);
        Gaps = MatrixHandler.Gaps(all);
    });
}
