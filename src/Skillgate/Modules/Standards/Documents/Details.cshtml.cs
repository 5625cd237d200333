using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Standards.Documents;

[Authorize(Policy = Permissions.CompetenceRead)]
internal sealed class DetailsModel(DocumentHandler documents, AuditHistory history, ReadableHistory readable) : SkillgatePage
{
    public DocumentDto Document { get; private set; } = null!;

    public DocumentVersionDto? Pending => Document.Versions.FirstOrDefault(v => v.Status is "draft" or "in_review" or "approved");

    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public bool CanRelease { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(() => LoadAsync(id, ct));

    public Task<IActionResult> OnPostVersionAsync(Guid id, string changeType, int retrainDueDays, string? summary, CancellationToken ct) =>
        ChangeAsync(Permissions.StandardsWrite, () => documents.AddVersionAsync(id, new VersionInput(changeType, summary, retrainDueDays), ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostSubmitAsync(Guid id, Guid versionId, CancellationToken ct) =>
        ChangeAsync(Permissions.StandardsWrite, () => documents.SubmitAsync(versionId, ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostReleaseAsync(Guid id, Guid versionId, string? password, string? meaning, DateOnly? effectiveOn, CancellationToken ct) =>
        ChangeAsync(Permissions.StandardsRelease, () => documents.ReleaseAsync(versionId, new ReleaseInput(password, meaning, effectiveOn), ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostAttachAsync(Guid id, Guid versionId, IFormFile? file, CancellationToken ct) =>
        ChangeAsync(Permissions.StandardsWrite, async () =>
        {
            if (file is null)
            {
                throw new ValidationFailedException(new Dictionary<string, string[]> { ["file"] = [HttpContext.RequestServices.GetRequiredService<Platform.Localization.Texts>()["validation.required"]] });
            }

            await using var stream = file.OpenReadStream();
            await documents.AttachAsync(versionId, stream, file.FileName, file.Length, ct);
        }, DetailsUrl(id), () => LoadAsync(id, ct));

    private static string DetailsUrl(Guid id) => $"/Standards/Documents/Details?id={id}";

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Document = await documents.GetAsync(id, ct);
        var entries = new List<AuditEntry>(await history.ForEntityAsync("document", id, ct));
        foreach (var v in Document.Versions)
        {
            entries.AddRange(await history.ForEntityAsync("document_version", v.Id, ct));
        }

        History = await readable.ReadAsync([.. entries.OrderByDescending(e => e.Seq)], ct);
        CanWrite = await CanAsync(Permissions.StandardsWrite);
        CanRelease = await CanAsync(Permissions.StandardsRelease);
    }
}
