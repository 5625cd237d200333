using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Rooms;

/// <summary>Rooms and other bookable resources with a capacity and their equipment.</summary>
internal sealed class RoomHandler(TrainingDb db, IOrganizationDirectory organization, TimeProvider clock, Texts t)
{
    public async Task<IReadOnlyList<RoomDto>> ListAsync(CancellationToken ct) =>
        await db.Set<Room>().AsNoTracking().OrderByDescending(r => r.Active).ThenBy(r => r.Code)
            .Select(r => new RoomDto(r.Id, r.Code, r.Name, r.Capacity, r.Equipment, r.OrgUnitId, r.Active)).ToListAsync(ct);

    public async Task<RoomDto> CreateAsync(RoomInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require("code", input.Code, t["validation.required"]).MaxLength("code", input.Code, 40, t["validation.max_length", 40]).Code("code", input.Code, t["validation.code_characters"]);
        v.Require("name", input.Name, t["validation.required"]).MaxLength("name", input.Name, 100, t["validation.max_length", 100]);
        v.MaxLength("equipment", input.Equipment, 500, t["validation.max_length", 500]);
        if (input.Capacity is < 1 or > 10000)
        {
            v.Add("capacity", t["training.capacity_range"]);
        }

        if (input.OrgUnitId is { } unit && !await organization.AllOrgUnitsExistAsync([unit], ct))
        {
            v.Add("orgUnitId", t["learning.unit_unknown"]);
        }

        v.ThrowIfInvalid();
        var code = input.Code.Trim();
        if (await db.Set<Room>().AnyAsync(r => r.Code.ToLower() == code.ToLower(), ct))
        {
            throw new RuleViolationException("duplicate_code", t["org.duplicate_code", code]);
        }

        var room = new Room
        {
            Id = Guid.CreateVersion7(), Code = code, Name = input.Name.Trim(), Capacity = input.Capacity, Equipment = input.Equipment?.Trim() ?? "", OrgUnitId = input.OrgUnitId,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(room);
        await db.SaveChangesAsync(ct);
        return new RoomDto(room.Id, room.Code, room.Name, room.Capacity, room.Equipment, room.OrgUnitId, room.Active);
    }

    public async Task DeactivateAsync(Guid id, CancellationToken ct)
    {
        var room = await db.Set<Room>().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("room");
        room.Active = false;
        await db.SaveChangesAsync(ct);
    }
}
