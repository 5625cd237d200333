using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Modules.Organization.Positions;
using Skillgate.Modules.Organization.ShiftGroups;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Employees;

[Authorize(Policy = Permissions.EmployeesWrite)]
internal sealed class CreateModel(EmployeeHandler employees, OrgUnitHandler units, PositionHandler positions, ShiftGroupHandler shifts, TimeProvider clock, Texts t) : SkillgatePage
{
    [BindProperty]
    public string EmployeeNo { get; set; } = "";

    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public Guid OrgUnitId { get; set; }

    [BindProperty]
    public Guid? PositionId { get; set; }

    [BindProperty]
    public Guid? ShiftGroupId { get; set; }

    [BindProperty]
    public DateOnly HireDate { get; set; }

    [BindProperty]
    public string WorkerType { get; set; } = Domain.WorkerType.Employee;

    [BindProperty]
    public string? Company { get; set; }

    [BindProperty]
    public string? IdNumber { get; set; }

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<PositionDto> Positions { get; private set; } = [];

    public IReadOnlyList<ShiftGroupDto> ShiftGroups { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        HireDate = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => Attempt(async () =>
    {
        var created = await employees.CreateAsync(new EmployeeCreate(EmployeeNo, Name, Phone, Email, OrgUnitId, PositionId, null, ShiftGroupId, HireDate, WorkerType, Company, IdNumber), ct);
        Flash(t["employees.created", created.Name]);
        return Redirect($"/Organization/Employees/Profile?id={created.Id}");
    }, async () =>
    {
        await LoadAsync(ct);
        return Page();
    });

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = (await units.TreeAsync(false, ct)).ToList();
        Positions = (await positions.ListAsync(null, ct)).Where(p => p.Active).ToList();
        ShiftGroups = (await shifts.ListAsync(ct)).Where(s => s.Active).ToList();
    }
}
