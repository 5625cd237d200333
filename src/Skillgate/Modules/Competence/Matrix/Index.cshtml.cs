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
    public const int PageRows = 100;

    [BindProperty(SupportsGet = true)]
    public Guid? OrgUnitId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Contracts.Matrix Result { get; private set; } = new([], [], 0);

    public IReadOnlyList<MatrixRow> Shown => [.. Result.Rows.Skip((PageNumber - 1) * PageRows).Take(PageRows)];

    public Coverage Coverage { get; private set; } = new(new Dictionary<Guid, double?>(), [], []);

    public string? HeatmapOption { get; private set; }

    public int PageCount => Math.Max(1, (Result.Rows.Count + PageRows - 1) / PageRows);

    public PagerModel Pager => new(PageNumber, PageCount, Result.Rows.Count,
        p => $"/Competence/Matrix?orgUnitId={OrgUnitId}&status={Uri.EscapeDataString(Status ?? "")}&page={p.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    public IReadOnlyList<GapRow> Gaps { get; private set; } = [];

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(async () =>
    {
        Units = await organization.VisibleTreeAsync(false, ct);
        var all = await matrix.BuildAsync(OrgUnitId, null, ct);
        Result = MatrixHandler.Filter(all, Status);
        Gaps = MatrixHandler.Gaps(all);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Coverage = Coverage.Of(all);
        var units = Coverage.ByUnit.Select(u => u.Unit).ToList();
        var columns = all.Columns.Select(c => c.RequirementId).ToList();
        HeatmapOption = Coverage.Cells.Count == 0 ? null : Charts.Heatmap(all.Columns.Select(c => c.Label).ToList(), units,
            Coverage.Cells.Select(c => (columns.IndexOf(c.RequirementId), units.IndexOf(c.Unit), c.Share)));
    });
}
