using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Time;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Operations;

/// <summary>Who works an operation now, and taking someone off it.</summary>
[Authorize(Policy = Permissions.CompetenceRead)]
internal sealed class AssignmentsModel(OperationHandler operations, IOrganizationDirectory organization, ReaderTime readerTime) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? OperationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<OperationDto> Operations { get; private set; } = [];

    public OperationDto? Operation { get; private set; }

    public Page<OperationAssignmentDto> Result { get; private set; } = new([], 0, 1, 50);

    public ZonedClock? Clock { get; private set; }

    public bool CanAssign { get; private set; }

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total, PageUrl);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostEndAsync(Guid employeeId, CancellationToken ct) =>
        ChangeAsync(Permissions.Assign, async () =>
        {
            if (!await organization.EmployeeVisibleAsync(employeeId, ct))
            {
                throw new NotFoundException("employee");
            }

            await operations.EndAsync(OperationId ?? Guid.Empty, employeeId, ct);
        }, PageUrl(1), () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Operations = await operations.ListAsync(ct);
        Operation = Operations.FirstOrDefault(o => o.Id == OperationId) ?? (Operations.Count > 0 ? Operations[0] : null);
        OperationId = Operation?.Id;
        CanAssign = await CanAsync(Permissions.Assign);
        if (Operation is not null)
        {
            Result = await operations.AssignmentsAsync(Operation.Id, Q, PageNumber, 50, ct);
            Clock = await readerTime.ForAsync(Operation.OrgUnitId, ct);
        }
    }

    private string PageUrl(int page)
    {
        var query = new QueryBuilder();
        if (OperationId is { } id)
        {
            query.Add("operationId", id.ToString());
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            query.Add("q", Q);
        }

        query.Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/Competence/Operations/Assignments" + query;
    }
}
