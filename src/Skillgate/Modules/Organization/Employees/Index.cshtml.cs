using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Modules.Organization.Positions;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Employees;

[Authorize(Policy = Permissions.OrgRead)]
internal sealed class IndexModel(EmployeeHandler employees, OrgUnitHandler units, PositionHandler positions) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? OrgUnitId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? PositionId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<EmployeeDto> Result { get; private set; } = new([], 0, 1, 50);

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<PositionDto> Positions { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public string QueryString => Query().ToString();

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total, PageUrl);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await employees.SearchAsync(new EmployeeQuery(Q, OrgUnitId, PositionId, Status, PageNumber, 50), ct);
        Units = await units.TreeAsync(false, ct);
        Positions = await positions.ListAsync(null, ct);
        CanWrite = await CanAsync(Permissions.EmployeesWrite);
    }

    private string PageUrl(int page)
    {
        var query = Query();
        query.Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/Organization/Employees" + query;
    }

    private QueryBuilder Query()
    {
        var query = new QueryBuilder();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            query.Add("q", Q);
        }

        if (OrgUnitId is { } unit)
        {
            query.Add("orgUnitId", unit.ToString());
        }

        if (PositionId is { } position)
        {
            query.Add("positionId", position.ToString());
        }

        if (!string.IsNullOrWhiteSpace(Status))
        {
            query.Add("status", Status);
        }

        return query;
    }
}
