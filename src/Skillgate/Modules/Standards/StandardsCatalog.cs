using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Modules.Standards.Domain;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Standards;

internal sealed class StandardsCatalog(StandardsDb db) : IStandardsCatalog
{
    public async Task<IReadOnlyList<DocumentDto>> ListAsync(CancellationToken ct)
    {
        var documents = await db.Set<Document>().AsNoTracking().OrderBy(d => d.Code).ToListAsync(ct);
        var current = await db.Set<DocumentVersion>().AsNoTracking().Where(v => v.Status == VersionStatus.Effective).ToDictionaryAsync(v => v.DocumentId, ct);
        return documents.Select(d => new DocumentDto(d.Id, d.Code, d.Title, d.Kind, current.GetValueOrDefault(d.Id)?.Id, current.GetValueOrDefault(d.Id)?.Label, [], d.Version)).ToList();
    }

    public Task<bool> DocumentExistsAsync(Guid documentId, CancellationToken ct) => db.Set<Document>().AnyAsync(d => d.Id == documentId, ct);

    public async Task<IReadOnlyDictionary<Guid, DocumentRef>> DocumentsAsync(IReadOnlyCollection<Guid> documentIds, CancellationToken ct)
    {
        var ids = documentIds.Distinct().ToList();
        var rows = await db.Set<Document>().Where(d => ids.Contains(d.Id))
            .Select(d => new
            {
                d.Id,
                d.Code,
                d.Title,
                Current = db.Set<DocumentVersion>().Where(v => v.DocumentId == d.Id && v.Status == VersionStatus.Effective)
                    .Select(v => new { v.Id, v.Major, v.Minor }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new DocumentRef(r.Id, r.Code, r.Title, r.Current?.Id, r.Current is null ? null : $"v{r.Current.Major}.{r.Current.Minor}"));
    }

    public async Task<DocumentVersionDto?> VersionAsync(Guid versionId, CancellationToken ct)
    {
        var row = await (from v in db.Set<DocumentVersion>().AsNoTracking()
                         join d in db.Set<Document>() on v.DocumentId equals d.Id
                         join a in db.Set<AppUser>() on v.AuthorId equals a.Id
                         where v.Id == versionId
                         select new { v, d.Code, Author = a.DisplayName }).FirstOrDefaultAsync(ct);
        return row is null ? null : new DocumentVersionDto(
            row.v.Id, row.v.DocumentId, $"{row.Code} {row.v.Label}", row.v.Major, row.v.Minor, row.v.Status, row.v.ChangeType, row.v.Summary,
            row.v.RetrainDueDays, row.v.EffectiveOn, row.Author, null, row.v.ApprovedAt, row.v.SignatureMeaning);
    }
}
