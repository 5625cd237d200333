using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Positions;

internal sealed class PositionHandler(OrganizationDb db, DataScope scope, Texts t)
{
    public async Task<IReadOnlyList<PositionDto>> ListAsync(Guid? orgUnitId, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        var ids = filter.Ids;
        return await (from p in db.Set<Position>().AsNoTracking()
                      join u in db.Set<OrgUnit>() on p.OrgUnitId equals u.Id
                      where (filter.All || ids.Contains(p.OrgUnitId)) && (orgUnitId == null || p.OrgUnitId == orgUnitId)
                      orderby p.Code
                      select new PositionDto(p.Id, p.Code, p.Name, p.OrgUnitId, u.Name, p.Active, p.Version))
            .ToListAsync(ct);
    }

    public async Task<PositionDto> GetAsync(Guid id, CancellationToken ct) =>
        (await ListAsync(null, ct)).FirstOrDefault(p => p.Id == id) ?? throw new NotFoundException("position");

    public async Task<PositionDto> CreateAsync(PositionInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.RecordCode(input.Code, t);
        v.RecordName(input.Name, t);
        await ValidateUnitAsync(v, input.OrgUnitId, ct);
        v.ThrowIfInvalid();
        var code = input.Code.Trim();
        await CodedRecords.EnsureCodeFreeAsync(db.Set<Position>(), code, t, ct);

        var position = new Position { Id = Guid.CreateVersion7(), Code = code, Name = input.Name.Trim(), OrgUnitId = input.OrgUnitId };
        db.Add(position);
        await db.SaveChangesAsync(ct);
        return await GetAsync(position.Id, ct);
    }

    public async Task<PositionDto> UpdateAsync(Guid id, PositionUpdate input, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        var position = await db.Set<Position>().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (position is null || !filter.Covers(position.OrgUnitId))
        {
            throw new NotFoundException("position");
        }

        var v = new Validation();
        v.RecordName(input.Name, t);
        await ValidateUnitAsync(v, input.OrgUnitId, ct);
        v.ThrowIfInvalid();
        if (!input.Active && position.Active &&
            await db.Set<Employee>().AnyAsync(e => e.PositionId == id && e.Status != EmployeeStatus.Exited, ct))
        {
            throw new RuleViolationException("position_in_use", t["org.position.in_use"]);
        }

        db.Entry(position).Property(p => p.Version).OriginalValue = input.Version;
        position.Name = input.Name.Trim();
        position.OrgUnitId = input.OrgUnitId;
        position.Active = input.Active;
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task ValidateUnitAsync(Validation v, Guid orgUnitId, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        if (!filter.Covers(orgUnitId) || !await db.Set<OrgUnit>().AnyAsync(u => u.Id == orgUnitId && u.Active, ct))
        {
            v.Add("orgUnitId", t["org.unit.unknown"]);
        }
    }
}
