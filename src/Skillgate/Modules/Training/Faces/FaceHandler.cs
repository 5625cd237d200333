using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Faces;

/// <summary>
/// Face check-in: an employee enrols their own face from a live capture after giving consent (kept with the template), the
/// template is stored encrypted and deleted on request (by the employee, or by HR within their scope). Check-ins by face are
/// compared with the person's template (phone) or matched among a session's roster (kiosk). The browser's anti-spoofing and
/// liveness scores must pass the configured minimums.
/// </summary>
internal sealed class FaceHandler(
    TrainingDb db, FaceTemplateCipher cipher, IOrganizationDirectory directory, CurrentUser me, AuditActor actor, IConfiguration configuration, TimeProvider clock, Texts t)
{
    public const int DescriptorLength = 1024;

    private double MatchThreshold => configuration.GetValue("Skillgate:Faces:MatchThreshold", 0.6);

    public async Task<FaceStatusDto> StatusAsync(Guid employeeId, CancellationToken ct)
    {
        var face = await db.Set<FaceTemplate>().AsNoTracking().Where(f => f.Id == employeeId).Select(f => (DateTimeOffset?)f.ConsentedAt).FirstOrDefaultAsync(ct);
        var pin = await db.Set<KioskPin>().AsNoTracking().Where(p => p.Id == employeeId).Select(p => (int?)p.FailedAttempts).FirstOrDefaultAsync(ct);
        return new FaceStatusDto(face is not null, face, pin is not null, pin >= PinHandler.MaxFailures);
    }

    public Task<bool> EnrolledAsync(Guid employeeId, CancellationToken ct) => db.Set<FaceTemplate>().AnyAsync(f => f.Id == employeeId, ct);

    public async Task<FaceStatusDto> EnrolAsync(FaceEnrolInput input, CancellationToken ct)
    {
        var employeeId = me.EmployeeId ?? throw new RuleViolationException("no_employee", t["competence.no_employee"]);
        var v = new Validation();
        if (!input.Consent)
        {
            v.Add("consent", t["face.consent_required"]);
        }

        var descriptor = Validate(input.Face, v);
        v.ThrowIfInvalid();
        EnsureLive(input.Face!);
        var template = await db.Set<FaceTemplate>().FirstOrDefaultAsync(f => f.Id == employeeId, ct);
        if (template is null)
        {
            template = new FaceTemplate { Id = employeeId, EncryptedTemplate = [], ConsentText = "", EnrolledBy = "" };
            db.Add(template);
        }

        template.EncryptedTemplate = cipher.Encrypt(employeeId, descriptor);
        template.ConsentText = t["face.consent_text"];
        template.ConsentedAt = clock.GetUtcNow();
        template.EnrolledBy = actor.Current.Name;
        await db.SaveChangesAsync(ct);
        return await StatusAsync(employeeId, ct);
    }

    /// <summary>Deletes an employee's template: their own, or as HR for someone in scope who asked for it.</summary>
    public async Task DeleteAsync(Guid employeeId, CancellationToken ct)
    {
        if (employeeId != me.EmployeeId && !await directory.EmployeeVisibleAsync(employeeId, ct))
        {
            throw new NotFoundException("employee");
        }

        var template = await db.Set<FaceTemplate>().FirstOrDefaultAsync(f => f.Id == employeeId, ct) 
            ?? throw new RuleViolationException("face_not_enrolled", t["face.none_to_delete"]);
        db.Remove(template);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Refuses a phone check-in whose live capture is not the signed-in employee's enrolled face.</summary>
    public async Task VerifyAsync(Guid employeeId, FaceInput face, CancellationToken ct)
    {
        var v = new Validation();
        var descriptor = Validate(face, v);
        v.ThrowIfInvalid();
        EnsureLive(face);
        var template = await db.Set<FaceTemplate>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == employeeId, ct)
            ?? throw new RuleViolationException("face_not_enrolled", t["face.not_enrolled"]);
        var enrolled = cipher.Decrypt(employeeId, template.EncryptedTemplate) ?? throw new RuleViolationException("face_not_enrolled", t["face.not_enrolled"]);
        if (FaceSimilarity.Of(descriptor, enrolled) < MatchThreshold)
        {
            throw new RuleViolationException("face_mismatch", t["face.mismatch"]);
        }
    }

    /// <summary>
    /// The one candidate whose enrolled face matches the capture best, above the threshold and clearly ahead of the next best
    /// (so two similar-looking people are not confused), or null.
    /// </summary>
    public async Task<Guid?> IdentifyAsync(IReadOnlyCollection<Guid> candidates, FaceInput face, CancellationToken ct)
    {
        var v = new Validation();
        var descriptor = Validate(face, v);
        if (!v.IsValid || !IsLive(face))
        {
            return null;
        }

        var scores = (await db.Set<FaceTemplate>().AsNoTracking().Where(f => candidates.Contains(f.Id)).ToListAsync(ct))
            .Select(f => (f.Id, Enrolled: cipher.Decrypt(f.Id, f.EncryptedTemplate))).Where(f => f.Enrolled is not null)
            .Select(f => (f.Id, Score: FaceSimilarity.Of(descriptor, f.Enrolled!))).OrderByDescending(s => s.Score).Take(2).ToList();
        return scores.Count > 0 && scores[0].Score >= MatchThreshold && (scores.Count == 1 || scores[0].Score - scores[1].Score >= 0.05) ? scores[0].Id : null;
    }

    private double MinReal => configuration.GetValue("Skillgate:Faces:MinReal", 0.5);

    private double MinLive => configuration.GetValue("Skillgate:Faces:MinLive", 0.5);

    private float[] Validate(FaceInput? face, Validation v)
    {
        if (face?.Descriptor is not { Length: DescriptorLength } descriptor || descriptor.Any(x => !float.IsFinite(x)) ||
            face.Real is < 0 or > 1 || face.Live is < 0 or > 1 || double.IsNaN(face.Real) || double.IsNaN(face.Live))
        {
            v.Add("face", t["face.capture_invalid"]);
            return [];
        }

        return descriptor;
    }

    private bool IsLive(FaceInput face) => face.Real >= MinReal && face.Live >= MinLive;

    private void EnsureLive(FaceInput face)
    {
        if (!IsLive(face))
        {
            throw new RuleViolationException("face_not_live", t["face.not_live"]);
        }
    }
}
