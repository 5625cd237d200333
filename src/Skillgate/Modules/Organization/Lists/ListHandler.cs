using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Lists;

/// <summary>The admin-extendable lists: org unit types and department function tags.</summary>
internal sealed class ListHandler(OrganizationDb db, Texts t)
{
    public Task<List<ListEntryDto>> UnitTypesAsync(CancellationToken ct) => ListAsync<UnitType>(ct);

    public Task<List<ListEntryDto>> FunctionTagsAsync(CancellationToken ct) => ListAsync<FunctionTag>(ct);

    public Task<ListEntryDto> AddUnitTypeAsync(ListEntryInput input, CancellationToken ct) =>
        AddAsync(input, () => new UnitType { Id = Guid.CreateVersion7(), Code = input.Code.Trim(), NameZh = input.NameZh.Trim(), NameEn = input.NameEn.Trim(), Sort = input.Sort }, ct);

    public Task<ListEntryDto> AddFunctionTagAsync(ListEntryInput input, CancellationToken ct) =>
        AddAsync(input, () => new FunctionTag { Id = Guid.CreateVersion7(), Code = input.Code.Trim(), NameZh = input.NameZh.Trim(), NameEn = input.NameEn.Trim(), Sort = input.Sort }, ct);

    /// <summary>The entries of the organisation's sector (a custom sector sees every entry).</summary>
    private Task<List<ListEntryDto>> ListAsync<T>(CancellationToken ct)
        where T : ListEntry
    {
        var sector = t.Words.Sector;
        return db.Set<T>().AsNoTracking().Where(x => sector == SectorTerms.Custom || x.Sectors.Count == 0 || x.Sectors.Contains(sector))
            .OrderBy(x => x.Sort).ThenBy(x => x.Code)
            .Select(x => new ListEntryDto(x.Id, x.Code, x.NameZh, x.NameEn, x.Sort)).ToListAsync(ct);
    }

    private async Task<ListEntryDto> AddAsync<T>(ListEntryInput input, Func<T> create, CancellationToken ct)
        where T : ListEntry
    {
        var v = new Validation();
        v.Require("code", input.Code, t["validation.required"]).MaxLength("code", input.Code, 40, t["validation.max_length", 40]).Code("code", input.Code, t["validation.code_characters"]);
        if (input.Code is not null && !System.Text.RegularExpressions.Regex.IsMatch(input.Code.Trim(), "^[a-z][a-z0-9_]*$"))
        {
            v.Add("code", t["validation.code_format"]);
        }

        v.Require("nameZh", input.NameZh, t["validation.required"]).MaxLength("nameZh", input.NameZh, 60, t["validation.max_length", 60]);
        v.Require("nameEn", input.NameEn, t["validation.required"]).MaxLength("nameEn", input.NameEn, 60, t["validation.max_length", 60]);
        v.ThrowIfInvalid();
        var code = input.Code!.Trim();
        if (await db.Set<T>().AnyAsync(x => x.Code == code, ct))
        {
            throw new RuleViolationException("duplicate_code", t["org.duplicate_code", code]);
        }

        var entry = create();
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        return new ListEntryDto(entry.Id, entry.Code, entry.NameZh, entry.NameEn, entry.Sort);
    }
}
