using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Training.Attendance;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Evidence;

/// <summary>
/// Paper sign-in sheets: the instructor photographs or scans the signed sheet, attaches it to the session and ticks who signed.
/// Each ticked person is recorded in at the start and out at the end, by method "paper", flagged paper_sheet (informational
/// unless a course makes it blocking), and linked to the sheet.
/// </summary>
internal sealed class PaperSheetHandler(TrainingDb db, FileStore files, AttendanceRecorder recorder, AuditActor actor, TimeProvider clock, Texts t)
{
    public async Task<IReadOnlyList<PaperSheetDto>> ListAsync(Guid sessionId, CancellationToken ct) =>
        await db.Set<PaperSheet>().AsNoTracking().Where(s => s.SessionId == sessionId).OrderBy(s => s.UploadedAt)
            .Select(s => new PaperSheetDto(s.Id, s.FileId, s.People, s.UploadedBy, s.UploadedAt)).ToListAsync(ct);

    public async Task<PaperSheetDto> AddAsync(Guid sessionId, Stream content, string fileName, long length, IReadOnlyList<Guid> employeeIds, CancellationToken ct)
    {
        var session = await db.Set<Session>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw new NotFoundException("session");
        if (session.Status != SessionStatus.Scheduled)
        {
            throw new RuleViolationException("session_not_scheduled", t["training.session_not_scheduled"]);
        }

        var people = employeeIds.Distinct().ToList();
        var roster = await db.Set<Participant>().Where(p => p.SessionId == sessionId && p.Status != "cancelled" && people.Contains(p.EmployeeId)).Select(p => p.EmployeeId).ToListAsync(ct);
        var v = new Validation();
        if (people.Count == 0 || people.Count > 1000)
        {
            v.Add("employeeIds", t["paper.none_ticked"]);
        }
        else if (roster.Count != people.Count)
        {
            v.Add("employeeIds", t["training.not_on_roster"]);
        }

        v.ThrowIfInvalid();
        var stored = await files.SaveAsync(content, fileName, length, FileKinds.Documents, ct);
        var sheet = new PaperSheet { Id = Guid.CreateVersion7(), SessionId = sessionId, FileId = stored.Id, People = people.Count, UploadedBy = actor.Current.Name, UploadedAt = clock.GetUtcNow() };
        db.Add(sheet);
        await db.SaveChangesAsync(ct);
        var reason = t["paper.reason"].Value;
        foreach (var employee in people)
        {
            await recorder.RecordAsync(session.Id, employee, "in", "paper", session.StartsAt, null, null, null, null, reason, ct, extraFlags: ["paper_sheet"], paperSheetId: sheet.Id);
            await recorder.RecordAsync(session.Id, employee, "out", "paper", session.EndsAt, null, null, null, null, reason, ct, extraFlags: ["paper_sheet"], paperSheetId: sheet.Id);
        }

        return new PaperSheetDto(sheet.Id, sheet.FileId, sheet.People, sheet.UploadedBy, sheet.UploadedAt);
    }
}
