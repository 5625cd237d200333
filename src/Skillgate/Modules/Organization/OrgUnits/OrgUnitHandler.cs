using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Time;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.OrgUnits;

/// <summary>The org tree: list, create, rename, move a subtree, set a time zone, deactivate and reactivate.</summary>
internal sealed class OrgUnitHandler(OrganizationDb db, DataScope scope, PlantTime plantTime, Npgsql.NpgsqlDataSource data, Texts t)
{
    /// <summary>The units the caller may see, in tree order (parents before children, then by sort and code).</summary>
    public async Task<IReadOnlyList<OrgUnitDto>> TreeAsync(bool includeInactive, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        var ids = filter.Ids;
        var units = await db.Set<OrgUnit>().AsNoTracking()
            .Where(u => filter.All || ids.Contains(u.Id))
            .Where(u => includeInactive || u.Active)
            .ToListAsync(ct);
        return Order(units, await ZonesAsync(ct));
    }

    public async Task<OrgUnitDto> GetAsync(Guid id, CancellationToken ct)
    {
        var unit = await VisibleAsync(id, ct);
        return await ToDtoAsync(unit, ct);
    }

    public async Task<OrgUnitDto> CreateAsync(OrgUnitInput input, CancellationToken ct)
    {
        var v = new Validation();
        ValidateCode(v, input.Code);
        ValidateName(v, input.Name);
        await ValidateTypeAndFunctionsAsync(v, input.UnitType, input.Functions, ct);
        await ValidateZoneAsync(v, input.TimeZone, ct);
        OrgUnit? parent = null;
        if (input.ParentId is { } parentId)
        {
            parent = await db.Set<OrgUnit>().FirstOrDefaultAsync(u => u.Id == parentId, ct);
            if (parent is null || !(await scope.GetAsync(ct)).Covers(parentId))
            {
                v.Add("parentId", t["org.unit.parent_unknown"]);
            }
        }
        else if (!(await scope.GetAsync(ct)).All)
        {
            v.Add("parentId", t["org.unit.root_needs_full_scope"]);
        }

        v.ThrowIfInvalid();
        await EnsureCodeFreeAsync(input.Code, ct);
        if (parent is { Active: false })
        {
            throw new RuleViolationException("parent_inactive", t["org.unit.parent_inactive"]);
        }

        var id = Guid.CreateVersion7();
        var unit = new OrgUnit
        {
            Id = id,
            Code = input.Code.Trim(),
            Name = input.Name.Trim(),
            UnitType = input.UnitType,
            ParentId = parent?.Id,
            Path = OrgUnit.PathOf(parent?.Path, id),
            Functions = [.. (input.Functions ?? []).Distinct()],
            Sort = input.Sort,
            TimeZone = input.TimeZone ?? (parent is null ? await GroupZoneAsync(ct) : null),
        };
        db.Add(unit);
        await db.SaveChangesAsync(ct);
        plantTime.Forget();
        return await ToDtoAsync(unit, ct);
    }

    /// <summary>Sets the unit's own zone, or (null) lets it take its parent's again; every unit below that has none follows.</summary>
    public async Task<OrgUnitDto> SetTimeZoneAsync(Guid id, OrgUnitTimeZone input, CancellationToken ct)
    {
        var unit = await VisibleAsync(id, ct);
        var v = new Validation();
        if (input.TimeZone is null && unit.ParentId is null)
        {
            v.Add("timeZone", t["org.unit.root_needs_zone"]);
        }

        await ValidateZoneAsync(v, input.TimeZone, ct);
        v.ThrowIfInvalid();
        db.Entry(unit).Property(u => u.Version).OriginalValue = input.Version;
        unit.TimeZone = input.TimeZone;
        await db.SaveChangesAsync(ct);
        plantTime.Forget();
        return await ToDtoAsync(unit, ct);
    }

    public async Task<OrgUnitDto> UpdateAsync(Guid id, OrgUnitUpdate input, CancellationToken ct)
    {
        var unit = await VisibleAsync(id, ct);
        var v = new Validation();
        ValidateName(v, input.Name);
        await ValidateTypeAndFunctionsAsync(v, input.UnitType, input.Functions, ct);
        v.ThrowIfInvalid();
        db.Entry(unit).Property(u => u.Version).OriginalValue = input.Version;
        unit.Name = input.Name.Trim();
        unit.UnitType = input.UnitType;
        unit.Functions = [.. (input.Functions ?? []).Distinct()];
        unit.Sort = input.Sort;
        await db.SaveChangesAsync(ct);
        return await ToDtoAsync(unit, ct);
    }

    /// <summary>
    /// Moves a unit with its whole subtree under another parent. A unit without its own zone then takes the new parent's;
    /// one that becomes a top unit keeps the zone it had.
    /// </summary>
    public async Task<OrgUnitDto> MoveAsync(Guid id, OrgUnitMove input, CancellationToken ct)
    {
        var unit = await VisibleAsync(id, ct);
        OrgUnit? parent = null;
        if (input.NewParentId is { } parentId)
        {
            parent = await db.Set<OrgUnit>().FirstOrDefaultAsync(u => u.Id == parentId, ct);
            if (parent is null || !(await scope.GetAsync(ct)).Covers(parentId))
            {
                new Validation().Add("newParentId", t["org.unit.parent_unknown"]).ThrowIfInvalid();
            }
        }
        else if (!(await scope.GetAsync(ct)).All)
        {
            new Validation().Add("newParentId", t["org.unit.root_needs_full_scope"]).ThrowIfInvalid();
        }

        if (parent is not null && parent.Path.StartsWith(unit.Path, StringComparison.Ordinal))
        {
            throw new RuleViolationException("move_into_own_subtree", t["org.unit.move_into_own_subtree"]);
        }

        if (parent is { Active: false })
        {
            throw new RuleViolationException("parent_inactive", t["org.unit.parent_inactive"]);
        }

        if (parent is null && unit.TimeZone is null)
        {
            unit.TimeZone = EffectiveZone(unit.Path, await ZonesAsync(ct));
        }

        var oldPath = unit.Path;
        var newPath = OrgUnit.PathOf(parent?.Path, unit.Id);
        var descendants = await db.Set<OrgUnit>()
            .Where(u => u.Path.StartsWith(oldPath) && u.Id != unit.Id)
            .ToListAsync(ct);
        db.Entry(unit).Property(u => u.Version).OriginalValue = input.Version;
        unit.ParentId = parent?.Id;
        unit.Path = newPath;
        foreach (var d in descendants)
        {
            d.Path = newPath + d.Path[oldPath.Length..];
        }

        await db.SaveChangesAsync(ct);
        plantTime.Forget();
        return await ToDtoAsync(unit, ct);
    }

    /// <summary>Deactivates a unit and its subtree; refused while active employees or positions remain in it.</summary>
    public async Task DeactivateAsync(Guid id, int version, CancellationToken ct)
    {
        var unit = await VisibleAsync(id, ct);
        var subtree = await db.Set<OrgUnit>().Where(u => u.Path.StartsWith(unit.Path)).ToListAsync(ct);
        var subtreeIds = subtree.Select(u => u.Id).ToList();
        var activeEmployees = await db.Set<Employee>()
            .CountAsync(e => subtreeIds.Contains(e.OrgUnitId) && e.Status != EmployeeStatus.Exited, ct);
        if (activeEmployees > 0)
        {
            throw new RuleViolationException("unit_has_employees", t["org.unit.has_employees", activeEmployees]);
        }

        db.Entry(unit).Property(u => u.Version).OriginalValue = version;
        foreach (var u in subtree)
        {
            u.Active = false;
        }

        foreach (var p in await db.Set<Position>().Where(p => subtreeIds.Contains(p.OrgUnitId) && p.Active).ToListAsync(ct))
        {
            p.Active = false;
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task ReactivateAsync(Guid id, int version, CancellationToken ct)
    {
        var unit = await VisibleAsync(id, ct);
        if (unit.ParentId is { } parentId && !await db.Set<OrgUnit>().AnyAsync(u => u.Id == parentId && u.Active, ct))
        {
            throw new RuleViolationException("parent_inactive", t["org.unit.parent_inactive"]);
        }

        db.Entry(unit).Property(u => u.Version).OriginalValue = version;
        unit.Active = true;
        await db.SaveChangesAsync(ct);
    }

    private async Task<OrgUnit> VisibleAsync(Guid id, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        var unit = await db.Set<OrgUnit>().FirstOrDefaultAsync(u => u.Id == id, ct);
        return unit is not null && filter.Covers(id) ? unit : throw new NotFoundException("org unit");
    }

    private void ValidateCode(Validation v, string? code)
    {
        v.RecordCode(code, t);
        if (code is not null && code.Any(char.IsWhiteSpace))
        {
            v.Add("code", t["validation.code_no_spaces"]);
        }
    }

    private void ValidateName(Validation v, string? name) => v.RecordName(name, t);

    private async Task ValidateTypeAndFunctionsAsync(Validation v, string? unitType, IReadOnlyList<string>? functions, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(unitType) || !await db.Set<UnitType>().AnyAsync(x => x.Code == unitType, ct))
        {
            v.Add("unitType", t["org.unit.type_unknown"]);
        }

        if (functions is { Count: > 0 })
        {
            var known = await db.Set<FunctionTag>().Select(f => f.Code).ToListAsync(ct);
            var unknown = functions.Except(known).ToList();
            if (unknown.Count > 0)
            {
                v.Add("functions", t["org.unit.function_unknown", string.Join(", ", unknown)]);
            }
        }
    }

    private Task EnsureCodeFreeAsync(string code, CancellationToken ct) => CodedRecords.EnsureCodeFreeAsync(db.Set<OrgUnit>(), code, t, ct);

    private async Task ValidateZoneAsync(Validation v, string? zone, CancellationToken ct)
    {
        if (zone is not null)
        {
            await using var connection = await data.OpenConnectionAsync(ct);
            if (!await PlantZones.KnownAsync(connection, zone, ct))
            {
                v.Add("timeZone", t["org.unit.zone_unknown", zone.Length > 64 ? zone[..64] : zone]);
            }
        }
    }

    /// <summary>The zone a new top unit takes when none is given: the first top unit's.</summary>
    private async Task<string> GroupZoneAsync(CancellationToken ct) =>
        await db.Set<OrgUnit>().Where(u => u.ParentId == null).OrderBy(u => u.Sort).ThenBy(u => u.Code).Select(u => u.TimeZone).FirstOrDefaultAsync(ct)
        ?? PlantZones.Default;

    /// <summary>The units that name a zone (few: the tops and the plants abroad), by path.</summary>
    private async Task<List<(string Path, string Zone)>> ZonesAsync(CancellationToken ct) =>
        (await db.Set<OrgUnit>().AsNoTracking().Where(u => u.TimeZone != null).Select(u => new { u.Path, u.TimeZone }).ToListAsync(ct))
        .Select(z => (z.Path, z.TimeZone!)).OrderByDescending(z => z.Path.Length).ToList();

    private static string? EffectiveZone(string path, List<(string Path, string Zone)> zones) =>
        zones.FirstOrDefault(z => path.StartsWith(z.Path, StringComparison.Ordinal)).Zone;

    private async Task<OrgUnitDto> ToDtoAsync(OrgUnit unit, CancellationToken ct) => ToDto(unit, Depth(unit.Path), await ZonesAsync(ct));

    internal static int Depth(string path) => path.Count(c => c == '/') - 2;

    private static OrgUnitDto ToDto(OrgUnit u, int depth, List<(string Path, string Zone)> zones) =>
        new(u.Id, u.Code, u.Name, u.UnitType, u.ParentId, u.Functions, u.Active, u.Sort, depth, u.Version, u.TimeZone, EffectiveZone(u.Path, zones));

    /// <summary>Depth-first order; a unit whose parent is outside the list is shown as a root.</summary>
    private static List<OrgUnitDto> Order(List<OrgUnit> units, List<(string Path, string Zone)> zones)
    {
        var ids = units.Select(u => u.Id).ToHashSet();
        var children = units.ToLookup(u => u.ParentId is { } p && ids.Contains(p) ? p : (Guid?)null);
        var result = new List<OrgUnitDto>(units.Count);
        void Walk(Guid? parent, int depth)
        {
            foreach (var u in children[parent].OrderBy(u => u.Sort).ThenBy(u => u.Code, StringComparer.Ordinal))
            {
                result.Add(ToDto(u, depth, zones));
                Walk(u.Id, depth + 1);
            }
        }

        Walk(null, 0);
        return result;
    }
}
