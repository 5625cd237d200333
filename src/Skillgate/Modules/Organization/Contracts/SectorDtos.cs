using System.ComponentModel.DataAnnotations;

namespace Skillgate.Modules.Organization.Contracts;

/// <summary>The organisation's sector and the words its people read (issue 25).</summary>
public sealed record SectorDto(string Sector, IReadOnlyList<SectorTermDto> Terms, int Version);

/// <summary>One term: its code and its words in Chinese and English (singular and plural).</summary>
public sealed record SectorTermDto(string Code, string Zh, string En, string EnPlural);

/// <summary>
/// Choose a sector. For <c>custom</c>, give every term's words; for <c>manufacturing</c> or <c>hospital</c> leave
/// <see cref="Terms"/> empty. <see cref="Version"/> is the one read, so two administrators cannot overwrite each other.
/// </summary>
public sealed record SectorInput([property: AllowedValues("manufacturing", "hospital", "custom")] string Sector, IReadOnlyList<SectorTermDto>? Terms, int Version);
