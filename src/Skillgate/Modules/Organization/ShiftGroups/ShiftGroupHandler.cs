using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.ShiftGroups;

/// <summary>Shift groups; one without an org unit is shared by the whole company.</summary>
internal sealed class ShiftGroupHandler(OrganizationDb db, DataScope scope, Texts t)
{
    public async Task<IReadOnlyList<ShiftGroupDto>> ListAsync(CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        var ids = filter.Ids;
        return await db.Set<ShiftGroup>().AsNoTracking()
            .Where(s => filter.All || s.OrgUnitId == null || ids.Contains(s.OrgUnitId.Value))
            .OrderBy(s => s.Code)
            .Select(s => new ShiftGroupDto(s.Id, s.Code, s.Name, s.OrgUnitId, s.Pattern, s.Active, s.Version))
            .ToListAsync(ct);
    }

    public async Task<ShiftGroupDto> GetAsync(Guid id, CancellationToken ct) =>
        (await ListAsync(ct)).FirstOrDefault(s => s.Id == id) ?? throw new NotFoundException("shift group");

    public async Task<ShiftGroupDto> CreateAsync(ShiftGroupInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.RecordCode(input.Code, t);
        await ValidateAsync(v, input.Name, input.OrgUnitId, input.Pattern, ct);
        v.ThrowIfInvalid();
        var code = input.Code.Trim();
        await CodedRecords.EnsureCodeFreeAsync(db.Set<ShiftGroup>(), code, t, ct);

        var group = new ShiftGroup { Id = Guid.CreateVersion7(), Code = code, Name = input.Name.Trim(), OrgUnitId = input.OrgUnitId, Pattern = input.Pattern?.Trim() ?? "" };
        db.Add(group);
        await db.SaveChangesAsync(ct);
        return await GetAsync(group.Id, ct);
    }

    public async Task<ShiftGroupDto> UpdateAsync(Guid id, ShiftGroupUpdate input, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        var group = await db.Set<ShiftGroup>().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (group is null || (group.OrgUnitId is { } unit ? !filter.Covers(unit) : !filter.All))
        {
            throw new NotFoundException("shift group");
        }

        var v = new Validation();
        await ValidateAsync(v, input.Name, input.OrgUnitId, input.Pattern, ct);
        v.ThrowIfInvalid();
        db.Entry(group).Property(s => s.Version).OriginalValue = input.Version;
        group.Name = input.Name.Trim();
        group.OrgUnitId = input.OrgUnitId;
        group.Pattern = input.Pattern?.Trim() ?? "";
        group.Active = input.Active;
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task ValidateAsync(Validation v, string? name, Guid? orgUnitId, string? pattern, CancellationToken ct)
    {
        v.RecordName(name, t);
        v.MaxLength("pattern", pattern, 200, t["validation.max_length", 200]);
        var filter = await scope.GetAsync(ct);
        if (orgUnitId is { } unit ? !filter.Covers(unit) || !await db.Set<OrgUnit>().AnyAsync(u => u.Id == unit, ct) : !filter.All)
        {
            v.Add("orgUnitId", t["org.unit.unknown"]);
        }
    }
}
