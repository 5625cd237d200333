using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Attendance;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Sessions;

[Authorize(Policy = Permissions.TrainingRead)]
[RequestSizeLimit(Platform.Files.FileKinds.MaxVideoBytes + UploadLimit.Framing)]
internal sealed class DetailsModel(
    SessionQueries sessions, SessionHandler handler, AttendanceHandler attendance, Results.ResultHandler results, Evidence.PhotoHandler photos, Evidence.PaperSheetHandler paper, IOrganizationDirectory organization,
    ReadableHistory history, Texts t) : SkillgatePage
{
    public SessionDto Session { get; private set; } = null!;

    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public IReadOnlyList<ConflictDto> Conflicts { get; private set; } = [];

    public IReadOnlyList<SessionPhotoDto> Photos { get; private set; } = [];

    public IReadOnlyList<PaperSheetDto> Sheets { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(() => LoadAsync(id, ct));

    public Task<IActionResult> OnPostInviteAsync(Guid id, string? employeeNos, string? overrideReason, CancellationToken ct) =>
        ChangeAsync(Permissions.TrainingWrite, async () =>
        {
            var ids = await organization.IdsAsync("employeeNos", employeeNos, t, ct);
            try
            {
                await handler.InviteAsync(id, new InviteInput(ids, null, null, overrideReason), ct);
            }
            catch (RuleViolationException e) when (e.Details?.GetValueOrDefault("conflicts") is IReadOnlyList<ConflictDto> found)
            {
                Conflicts = found;
                throw;
            }
        }, DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostMarkAsync(Guid id, string? employeeNo, string kind, string? reason, CancellationToken ct) =>
        ChangeAsync(Permissions.TrainingWrite, async () =>
        {
            var employee = await organization.IdAsync("employeeNo", employeeNo, t, ct);
            await attendance.MarkAsync(id, new MarkInput(employee, kind, reason), ct);
        }, DetailsUrl(id), () => LoadAsync(id, ct));

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.TrainingWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var result = await attendance.CloseAsync(id, ct);
            Flash(t["sessions.closed_result", result.Completed, result.PendingReview, result.NotCompleted]);
            return Redirect(DetailsUrl(id));
        }, async () =>
        {
            await LoadAsync(id, ct);
            return Page();
        });
    }

    public Task<IActionResult> OnPostPhotoAsync(Guid id, IFormFile? file, CancellationToken ct) =>
        ChangeAsync(Permissions.TrainingWrite, async () =>
        {
            if (file is null)
            {
                new Validation().Add("file", t["validation.required"]).ThrowIfInvalid();
            }

            await using var stream = file!.OpenReadStream();
            await photos.UploadAsync(id, stream, file.FileName, file.Length, ct);
        }, DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostPaperAsync(Guid id, IFormFile? file, Guid[]? employeeIds, CancellationToken ct) =>
        ChangeAsync(Permissions.TrainingWrite, async () =>
        {
            if (file is null)
            {
                new Validation().Add("file", t["validation.required"]).ThrowIfInvalid();
            }

            await using var stream = file!.OpenReadStream();
            await paper.AddAsync(id, stream, file.FileName, file.Length, employeeIds ?? [], ct);
        }, DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostRevokeAsync(Guid id, Guid attendanceId, string? reason, CancellationToken ct) =>
        ChangeAsync(Permissions.TrainingWrite, () => results.RevokeAttendanceAsync(attendanceId, new RevokeAttendanceInput(reason), ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public async Task<IActionResult> OnPostAcceptAllAsync(Guid id, string? comment, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.TrainingWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            Flash(t["results.accepted_all", await results.AcceptAllAsync(id, new BulkAcceptInput(comment), ct)]);
            return Redirect(DetailsUrl(id));
        }, async () =>
        {
            await LoadAsync(id, ct);
            return Page();
        });
    }

    /// <summary>A result's reason for the reader: "review:shared_device" reads "to review: one device for several people".</summary>
    public string ReasonText(string reason) => reason.Split(':', 2) switch
    {
        [var kind, var flag] => t[TrainingVocabularies.ResultReason, kind, t[AttendanceCounting.PhotoFlags.Contains(flag) ? TrainingVocabularies.PhotoFlag : TrainingVocabularies.CheckInFlag, flag]],
        _ => t[TrainingVocabularies.ResultReason, reason],
    };

    public Task<IActionResult> OnPostRemoveAsync(Guid id, Guid employeeId, CancellationToken ct) =>
        ChangeAsync(Permissions.TrainingWrite, () => handler.CancelParticipantAsync(id, employeeId, ct), DetailsUrl(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(Permissions.TrainingWrite, () => handler.CancelAsync(id, ct), DetailsUrl(id), () => LoadAsync(id, ct));

    private static string DetailsUrl(Guid id) => $"/Training/Sessions/Details?id={id}";

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Session = await sessions.GetAsync(id, ct);
        CanWrite = await CanAsync(Permissions.TrainingWrite);
        Photos = await photos.ListAsync(id, ct);
        Sheets = await paper.ListAsync(id, ct);
        History = await history.ForEntityAsync("session", id, ct);
    }
}
