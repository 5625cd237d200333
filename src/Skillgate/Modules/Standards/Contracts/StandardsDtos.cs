using System.ComponentModel.DataAnnotations;

namespace Skillgate.Modules.Standards.Contracts;

public sealed record DocumentDto(Guid Id, string Code, string Title, string Kind, Guid? CurrentVersionId, string? CurrentVersion, IReadOnlyList<DocumentVersionDto> Versions, int Version);

public sealed record DocumentVersionDto(
    Guid Id, Guid DocumentId, string Label, int Major, int Minor, string Status, string ChangeType, string Summary,
    int RetrainDueDays, DateOnly? EffectiveOn, string AuthorName, string? ApprovedByName, DateTimeOffset? ApprovedAt, string? SignatureMeaning,
    IReadOnlyList<AttachedFile>? Files = null);

public sealed record AttachedFile(Guid Id, string FileName, long Size, string ContentType);

/// <summary>Withdrawing an effective version (signed by QA) leaves the document without a current version.</summary>
public sealed record WithdrawInput(string? Password, string? Meaning);

public sealed record DocumentInput(string Code, string Title, [property: AllowedValues("standard", "sop", "work_instruction", "external")] string Kind);

/// <summary>A new version: major → everyone trained on the previous version must retrain by the due date; minor → read and acknowledge.</summary>
public sealed record VersionInput([property: AllowedValues("major", "minor")] string ChangeType, string? Summary, int RetrainDueDays = 30);

/// <summary>The electronic signature of a release: the approver's password and the meaning of the signature.</summary>
public sealed record ReleaseInput(string? Password, string? Meaning, DateOnly? EffectiveOn);

public sealed record DocumentRef(Guid Id, string Code, string Title, Guid? CurrentVersionId, string? CurrentVersion);

/// <summary>What the competence module needs to know about documents.</summary>
public interface IStandardsCatalog
{
    Task<bool> DocumentExistsAsync(Guid documentId, CancellationToken ct);

    Task<IReadOnlyList<DocumentDto>> ListAsync(CancellationToken ct);

    Task<IReadOnlyDictionary<Guid, DocumentRef>> DocumentsAsync(IReadOnlyCollection<Guid> documentIds, CancellationToken ct);

    Task<DocumentVersionDto?> VersionAsync(Guid versionId, CancellationToken ct);
}

/// <summary>Daily maintenance: approved versions whose date has come become effective.</summary>
public interface IStandardsMaintenance
{
    Task<int> ActivateDueVersionsAsync(CancellationToken ct);
}

/// <summary>Told when a document version becomes effective, so statuses follow at once.</summary>
public interface IDocumentVersionListener
{
    Task VersionBecameEffectiveAsync(Guid documentId, CancellationToken ct);
}
