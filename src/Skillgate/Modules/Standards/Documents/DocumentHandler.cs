using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Modules.Standards.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Standards.Documents;

/// <summary>
/// Controlled documents and their versions: draft → in review → released with an electronic signature
/// by a QA approver who is not the author → effective on its date (the previous version is superseded).
/// </summary>
internal sealed class DocumentHandler(
    StandardsDb db, ESignatureService signatures, FileStore files, CurrentUser me, IEnumerable<IDocumentVersionListener> listeners, TimeProvider clock, Texts t) : IStandardsMaintenance
{
    public async Task<IReadOnlyList<DocumentDto>> ListAsync(string? q, CancellationToken ct)
    {
        var documents = db.Set<Document>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + q.Trim() + "%";
            documents = documents.Where(d => EF.Functions.ILike(d.Code, pattern) || EF.Functions.ILike(d.Title, pattern));
        }

        var list = await documents.OrderBy(d => d.Code).ToListAsync(ct);
        var ids = list.Select(d => d.Id).ToList();
        var versions = await VersionsAsync(db.Set<DocumentVersion>().Where(v => ids.Contains(v.DocumentId)), ct);
        return list.Select(d => ToDto(d, versions.Where(v => v.DocumentId == d.Id).ToList())).ToList();
    }

    public async Task<DocumentDto> GetAsync(Guid id, CancellationToken ct)
    {
        var document = await db.Set<Document>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("document");
        return ToDto(document, await VersionsAsync(db.Set<DocumentVersion>().Where(v => v.DocumentId == id), ct));
    }

    public async Task<DocumentDto> CreateAsync(DocumentInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require("code", input.Code, t["validation.required"]).MaxLength("code", input.Code, 40, t["validation.max_length", 40]);
        v.Require("title", input.Title, t["validation.required"]).MaxLength("title", input.Title, 200, t["validation.max_length", 200]);
        if (!DocumentKind.All.Contains(input.Kind))
        {
            v.Add("kind", t["standards.kind_unknown"]);
        }

        v.ThrowIfInvalid();
        var code = input.Code.Trim();
        if (await db.Set<Document>().AnyAsync(d => d.Code.ToLower() == code.ToLower(), ct))
        {
            throw new RuleViolationException("duplicate_code", t["org.duplicate_code", code]);
        }

        var document = new Document { Id = Guid.CreateVersion7(), Code = code, Title = input.Title.Trim(), Kind = input.Kind, CreatedAt = clock.GetUtcNow() };
        db.Add(document);
        await db.SaveChangesAsync(ct);
        return await GetAsync(document.Id, ct);
    }

    /// <summary>Starts a new draft version: major (retraining) or minor (read and acknowledge).</summary>
    public async Task<DocumentVersionDto> AddVersionAsync(Guid documentId, VersionInput input, CancellationToken ct)
    {
        _ = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == documentId, ct) ?? throw new NotFoundException("document");
        var v = new Validation();
        if (input.ChangeType is not ("major" or "minor"))
        {
            v.Add("changeType", t["standards.change_type_unknown"]);
        }

        if (input.RetrainDueDays is < 0 or > 365)
        {
            v.Add("retrainDueDays", t["standards.due_days_range"]);
        }

        v.MaxLength("summary", input.Summary, 2000, t["validation.max_length", 2000]);
        v.ThrowIfInvalid();
        var existing = await db.Set<DocumentVersion>().Where(x => x.DocumentId == documentId).ToListAsync(ct);
        if (existing.Any(x => x.Status is VersionStatus.Draft or VersionStatus.InReview or VersionStatus.Approved))
        {
            throw new RuleViolationException("version_pending", t["standards.version_pending"]);
        }

        var latest = existing.OrderByDescending(x => x.Major).ThenByDescending(x => x.Minor).FirstOrDefault();
        var minor = latest is not null && input.ChangeType == "minor";
        var version = new DocumentVersion
        {
            Id = Guid.CreateVersion7(),
            DocumentId = documentId,
            Major = latest is null ? 1 : minor ? latest.Major : latest.Major + 1,
            Minor = minor ? latest!.Minor + 1 : 0,
            Status = VersionStatus.Draft,
            ChangeType = latest is null ? "major" : input.ChangeType,
            Summary = input.Summary?.Trim() ?? "",
            RetrainDueDays = input.RetrainDueDays,
            AuthorId = me.UserId ?? throw new RuleViolationException("signature_needs_person", t["signature.needs_person"]),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(version);
        await db.SaveChangesAsync(ct);
        return (await VersionsAsync(db.Set<DocumentVersion>().Where(x => x.Id == version.Id), ct)).Single();
    }

    public async Task SubmitAsync(Guid versionId, CancellationToken ct)
    {
        var version = await db.Set<DocumentVersion>().FirstOrDefaultAsync(x => x.Id == versionId, ct) ?? throw new NotFoundException("version");
        if (version.Status != VersionStatus.Draft)
        {
            throw new RuleViolationException("not_draft", t["standards.not_draft"]);
        }

        version.Status = VersionStatus.InReview;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Approves a version in review with an electronic signature; it becomes effective on its date.</summary>
    public async Task ReleaseAsync(Guid versionId, ReleaseInput input, CancellationToken ct)
    {
        var version = await db.Set<DocumentVersion>().FirstOrDefaultAsync(x => x.Id == versionId, ct) ?? throw new NotFoundException("version");
        if (version.Status != VersionStatus.InReview)
        {
            throw new RuleViolationException("not_in_review", t["standards.not_in_review"]);
        }

        if (version.AuthorId == me.UserId)
        {
            throw new RuleViolationException("author_cannot_approve", t["standards.author_cannot_approve"]);
        }

        var signature = await signatures.SignAsync(input.Password, input.Meaning, "document_version", version.Id, ct);
        var today = Today;
        version.ApprovedBy = signature.UserId;
        version.ApprovedAt = signature.SignedAt;
        version.SignatureMeaning = signature.Meaning;
        version.EffectiveOn = input.EffectiveOn is { } on && on > today ? on : today;
        version.Status = VersionStatus.Approved;
        await db.SaveChangesAsync(ct);
        if (version.EffectiveOn <= today)
        {
            await MakeEffectiveAsync(version, ct);
        }
    }

    /// <summary>Attaches a file (PDF or image, checked by content) to a version that is still drafted or in review.</summary>
    public async Task<AttachedFile> AttachAsync(Guid versionId, Stream content, string fileName, long length, CancellationToken ct)
    {
        var version = await db.Set<DocumentVersion>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == versionId, ct) ?? throw new NotFoundException("version");
        if (version.Status is not (VersionStatus.Draft or VersionStatus.InReview))
        {
            throw new RuleViolationException("version_released", t["standards.version_released"]);
        }

        var stored = await files.SaveAsync(content, fileName, length, FileKinds.Documents, ct);
        db.Add(new DocumentVersionFile { VersionId = versionId, FileId = stored.Id });
        await db.SaveChangesAsync(ct);
        return new AttachedFile(stored.Id, stored.FileName, stored.Size, stored.ContentType);
    }

    /// <summary>QA withdraws the effective version with a signature; requirements on the document can no longer be met.</summary>
    public async Task WithdrawAsync(Guid versionId, WithdrawInput input, CancellationToken ct)
    {
        var version = await db.Set<DocumentVersion>().FirstOrDefaultAsync(x => x.Id == versionId, ct) ?? throw new NotFoundException("version");
        if (version.Status != VersionStatus.Effective)
        {
            throw new RuleViolationException("not_effective", t["standards.not_effective"]);
        }

        await using var tx = await db.BeginAsync(ct);
        await signatures.SignAsync(input.Password, input.Meaning, "document_version", version.Id, ct);
        version.Status = VersionStatus.Withdrawn;
        version.WithdrawnAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        foreach (var listener in listeners)
        {
            await listener.VersionBecameEffectiveAsync(version.DocumentId, ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>Run daily: approved versions whose date has come become effective.</summary>
    public async Task<int> ActivateDueVersionsAsync(CancellationToken ct)
    {
        var today = Today;
        var due = await db.Set<DocumentVersion>().Where(x => x.Status == VersionStatus.Approved && x.EffectiveOn <= today).ToListAsync(ct);
        foreach (var version in due)
        {
            await MakeEffectiveAsync(version, ct);
        }

        return due.Count;
    }

    private async Task MakeEffectiveAsync(DocumentVersion version, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var previous = await db.Set<DocumentVersion>().Where(x => x.DocumentId == version.DocumentId && x.Status == VersionStatus.Effective).ToListAsync(ct);
        foreach (var p in previous)
        {
            p.Status = VersionStatus.Superseded;
        }

        await db.SaveChangesAsync(ct);
        version.Status = VersionStatus.Effective;
        await db.SaveChangesAsync(ct);
        foreach (var listener in listeners)
        {
            await listener.VersionBecameEffectiveAsync(version.DocumentId, ct);
        }

        await tx.CommitAsync(ct);
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task<List<DocumentVersionDto>> VersionsAsync(IQueryable<DocumentVersion> versions, CancellationToken ct)
    {
        var users = db.Set<AppUser>();
        var rows = await versions.AsNoTracking()
            .OrderByDescending(v => v.Major).ThenByDescending(v => v.Minor)
            .Select(v => new
            {
                v,
                Author = users.Where(u => u.Id == v.AuthorId).Select(u => u.DisplayName).FirstOrDefault(),
                Approver = users.Where(u => u.Id == v.ApprovedBy).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.v.Id).ToList();
        var attached = (await (from f in db.Set<DocumentVersionFile>().AsNoTracking()
                               join s in db.Set<StoredFile>() on f.FileId equals s.Id
                               where ids.Contains(f.VersionId)
                               select new { f.VersionId, File = new AttachedFile(s.Id, s.FileName, s.Size, s.ContentType) }).ToListAsync(ct))
            .ToLookup(x => x.VersionId, x => x.File);
        return rows.Select(r => new DocumentVersionDto(
            r.v.Id, r.v.DocumentId, r.v.Label, r.v.Major, r.v.Minor, r.v.Status, r.v.ChangeType, r.v.Summary, r.v.RetrainDueDays,
            r.v.EffectiveOn, r.Author ?? "?", r.Approver, r.v.ApprovedAt, r.v.SignatureMeaning, [.. attached[r.v.Id]])).ToList();
    }

    private static DocumentDto ToDto(Document d, IReadOnlyList<DocumentVersionDto> versions)
    {
        var current = versions.FirstOrDefault(v => v.Status == VersionStatus.Effective);
        return new DocumentDto(d.Id, d.Code, d.Title, d.Kind, current?.Id, current?.Label, versions, d.Version);
    }
}
