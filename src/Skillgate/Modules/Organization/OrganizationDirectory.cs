using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Modules.Organization.Employees;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Organization;

internal sealed class OrganizationDirectory(OrganizationDb db, OrgUnitHandler units, EmployeeHandler employees, EmployeeLifecycle lifecycle, Lists.ListHandler lists) : IOrganizationDirectory
{
    public Task<IReadOnlyList<OrgUnitDto>> VisibleTreeAsync(bool includeInactive, CancellationToken ct) => units.TreeAsync(includeInactive, ct);

    public async Task<IReadOnlyList<OrgUnitDto>> DepartmentsAsync(CancellationToken ct)
    {
        var tree = await units.TreeAsync(false, ct);
        if (tree.Count == 0)
        {
            return [];
        }

        var visible = tree.Select(u => u.Id).ToHashSet();
        var level = tree.Where(u => u.ParentId is not { } parent || !visible.Contains(parent)).ToList();
        while (level.Count == 1 && tree.Where(u => u.ParentId == level[0].Id).ToList() is { Count: > 0 } below)
        {
            level = below;
        }

        return level;
    }

    public async Task<bool> AllOrgUnitsExistAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        return await db.Set<OrgUnit>().CountAsync(u => distinct.Contains(u.Id), ct) == distinct.Count;
    }

    public async Task<IReadOnlyDictionary<string, string>> FunctionNamesAsync(CancellationToken ct)
    {
        var chinese = Skillgate.Platform.Localization.Texts.IsChinese;
        return (await lists.FunctionTagsAsync(ct)).ToDictionary(f => f.Code, f => chinese ? f.NameZh : f.NameEn, StringComparer.Ordinal);
    }

    public Task<string?> PositionNameAsync(Guid id, CancellationToken ct) =>
        db.Set<Position>().Where(p => p.Id == id).Select(p => p.Name).FirstOrDefaultAsync(ct);

    public Task<bool> EmployeeExistsAsync(Guid id, CancellationToken ct) => db.Set<Employee>().AnyAsync(e => e.Id == id, ct);

    public Task<Guid?> EmployeeIdByNumberAsync(string employeeNo, CancellationToken ct)
    {
        var number = employeeNo.Trim();
        return db.Set<Employee>().Where(e => e.EmployeeNo == number).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyDictionary<Guid, string>> EmployeeNumbersAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        return await db.Set<Employee>().Where(e => distinct.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.EmployeeNo, ct);
    }

    public async Task<bool> EmployeeVisibleAsync(Guid id, CancellationToken ct) => (await employees.VisibleAsync([id], ct)).Contains(id);

    public Task<IReadOnlySet<Guid>> VisibleEmployeesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) => employees.VisibleAsync(ids, ct);

    public async Task AssignPositionAsync(Guid employeeId, Guid positionId, DateOnly effectiveOn, CancellationToken ct)
    {
        var current = await employees.GetAsync(employeeId, ct);
        await lifecycle.RecordEventAsync(employeeId, new LifecycleEventInput(EmployeeEventKind.PositionChange, effectiveOn, null, positionId, null, current.Version), ct);
    }
}
