using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Sector;

/// <summary>Reads and changes the organisation's sector; a change switches every text on this node at once.</summary>
internal sealed class SectorHandler(OrganizationDb db, Texts t)
{
    private const int MaxWordLength = 20;

    public async Task<SectorDto> GetAsync(CancellationToken ct)
    {
        var setting = await db.Set<SectorSetting>().AsNoTracking().SingleAsync(ct);
        var words = SectorWordsOf(setting);
        return new SectorDto(setting.Sector, ToTerms(words), setting.Version);
    }

    /// <summary>The words of each preset, for the page to fill the custom form from.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<SectorTermDto>> Presets { get; } = new Dictionary<string, IReadOnlyList<SectorTermDto>>
    {
        [SectorTerms.Manufacturing] = ToTerms(SectorTerms.ManufacturingWords),
        [SectorTerms.Hospital] = ToTerms(SectorTerms.HospitalWords),
    };

    public async Task<SectorDto> SetAsync(SectorInput input, CancellationToken ct)
    {
        var v = new Validation();
        if (!SectorTerms.Sector.Contains(input.Sector))
        {
            v.Add("sector", t["sector.unknown"]);
        }

        var custom = input.Sector == SectorTerms.Custom ? ValidateCustom(v, input.Terms ?? []) : null;
        if (input.Sector != SectorTerms.Custom && input.Terms is { Count: > 0 })
        {
            v.Add("terms", t["sector.terms_only_custom"]);
        }

        v.ThrowIfInvalid();
        var setting = await db.Set<SectorSetting>().SingleAsync(ct);
        db.Entry(setting).Property(s => s.Version).OriginalValue = input.Version;
        setting.Sector = input.Sector;
        setting.Terms = custom is null ? "{}" : JsonSerializer.Serialize(custom);
        await db.SaveChangesAsync(ct);
        t.Use(SectorWordsOf(setting));
        return await GetAsync(ct);
    }

    /// <summary>The words a stored setting stands for.</summary>
    public static SectorWords SectorWordsOf(SectorSetting setting)
    {
        if (setting.Sector != SectorTerms.Custom)
        {
            return SectorTerms.Preset(setting.Sector);
        }

        var stored = JsonSerializer.Deserialize<Dictionary<string, StoredTerm>>(setting.Terms) ?? [];
        var fallback = SectorTerms.ManufacturingWords.Terms;
        return new SectorWords(SectorTerms.Custom, SectorTerms.Codes.ToDictionary(
            c => c,
            c => stored.TryGetValue(c, out var s) ? new SectorTerms.Term(s.Zh, s.En, s.EnPlural) : fallback[c]));
    }

    private Dictionary<string, StoredTerm> ValidateCustom(Validation v, IReadOnlyList<SectorTermDto> terms)
    {
        var byCode = new Dictionary<string, StoredTerm>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (!SectorTerms.Codes.Contains(term.Code))
            {
                v.Add("terms", t["sector.term_unknown", term.Code ?? ""]);
                continue;
            }

            var field = $"terms[{term.Code}]";
            if (new[] { term.Zh, term.En, term.EnPlural }.Any(string.IsNullOrWhiteSpace))
            {
                v.Add(field, t["sector.term_missing", t[SectorTerms.Concept, term.Code]]);
            }

            foreach (var word in new[] { term.Zh, term.En, term.EnPlural })
            {
                v.MaxLength(field, word, MaxWordLength, t["validation.max_length", MaxWordLength]);
                if (word is not null && (word.Contains('[', StringComparison.Ordinal) || word.Contains('{', StringComparison.Ordinal)))
                {
                    v.Add(field, t["sector.term_characters"]);
                }
            }

            if (!byCode.TryAdd(term.Code!, new StoredTerm(term.Zh?.Trim() ?? "", term.En?.Trim() ?? "", term.EnPlural?.Trim() ?? "")))
            {
                v.Add("terms", t["sector.term_twice", term.Code!]);
            }
        }

        foreach (var missing in SectorTerms.Codes.Where(c => !byCode.ContainsKey(c)))
        {
            v.Add($"terms[{missing}]", t["sector.term_missing", t[SectorTerms.Concept, missing]]);
        }

        return byCode;
    }

    private static List<SectorTermDto> ToTerms(SectorWords words) =>
        SectorTerms.Codes.Select(c => new SectorTermDto(c, words.Terms[c].Zh, words.Terms[c].En, words.Terms[c].EnPlural)).ToList();

    private sealed record StoredTerm(string Zh, string En, string EnPlural);
}
