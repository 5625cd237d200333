using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Modules.Organization.Positions;
using Skillgate.Modules.Organization.ShiftGroups;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Employees;

/// <summary>The employee profile: the home of the digital skill profile that later modules extend with tabs.</summary>
[Authorize(Policy = Permissions.EmployeeRead)]
internal sealed class ProfileModel(
    EmployeeHandler employees, EmployeeLifecycle lifecycle, OrgUnitHandler units, PositionHandler positions, ShiftGroupHandler shifts, ReadableHistory history,
    OrganizationDb db, IEnumerable<ProfileTab> tabs, TimeProvider clock, Texts t) : SkillgatePage
{
    public EmployeeDto Employee { get; private set; } = null!;

    public IReadOnlyList<EmployeeEventDto> Events { get; private set; } = [];

    public IReadOnlyList<HistoryRow>? History { get; private set; }

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<PositionDto> Positions { get; private set; } = [];

    public IReadOnlyList<ShiftGroupDto> ShiftGroups { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public IReadOnlyList<ProfileTab> Tabs { get; } = [.. tabs];

    public Dictionary<string, object> TabModels { get; } = [];

    public string? ManagerNo => Employee.ManagerNo;

    public string Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(() => LoadAsync(id, ct));

    public Task<IActionResult> OnPostUpdateAsync(Guid id, int version, string name, string? phone, string? email, Guid? shiftGroupId, string? managerNo, CancellationToken ct) =>
        Write(id, async () =>
        {
            Guid? managerId = null;
            if (!string.IsNullOrWhiteSpace(managerNo))
            {
                var number = managerNo.Trim();
                managerId = await db.Set<Domain.Employee>().Where(e => e.EmployeeNo == number).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct)
                    ?? throw new ValidationFailedException(new Dictionary<string, string[]> { ["managerNo"] = [t["org.employee.manager_unknown"]] });
            }

            await employees.UpdateAsync(id, new EmployeeUpdate(name, phone, email, managerId, shiftGroupId, version), ct);
        }, ct);

    public Task<IActionResult> OnPostEventAsync(Guid id, int version, string kind, DateOnly effectiveOn, Guid? toOrgUnitId, Guid? toPositionId, string? note, CancellationToken ct) =>
        Write(id, () => lifecycle.RecordEventAsync(id, new LifecycleEventInput(kind, effectiveOn, toOrgUnitId, toPositionId, note, version), ct), ct);

    private Task<IActionResult> Write(Guid id, Func<Task> change, CancellationToken ct) =>
        ChangeAsync(Permissions.EmployeesWrite, change, $"/Organization/Employees/Profile?id={id}", () => LoadAsync(id, ct));

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Employee = await employees.GetAsync(id, ct);
        Events = await employees.HistoryAsync(id, ct);
        var canRead = await CanAsync(Permissions.OrgRead);
        History = canRead ? await history.ForEntityAsync("employee", id, ct) : null;
        CanWrite = await CanAsync(Permissions.EmployeesWrite);
        foreach (var tab in Tabs)
        {
            TabModels[tab.Key] = await tab.LoadModel(HttpContext.RequestServices, id, ct);
        }
        if (CanWrite)
        {
            Units = await units.TreeAsync(false, ct);
            Positions = await positions.ListAsync(null, ct);
            ShiftGroups = await shifts.ListAsync(ct);
        }
    }
}
