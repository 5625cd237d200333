using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Faces;

/// <summary>
/// Kiosk PINs: an employee sets their own (4–8 digits, hashed), HR sets one for a person without a login (a contractor,
/// temporary or agency worker); a kiosk check-in with badge or mobile number and PIN is accepted only when the PIN is right,
/// and five wrong entries lock it until a new one is set.
/// </summary>
internal sealed class PinHandler(
    TrainingDb db, IPasswordHasher<KioskPin> hasher, CurrentUser me, Organization.Contracts.IOrganizationDirectory organization, TimeProvider clock, Texts t)
{
    public const int MaxFailures = 5;

    public Task SetAsync(PinInput input, CancellationToken ct) =>
        SaveAsync(me.EmployeeId ?? throw new RuleViolationException("no_employee", t["competence.no_employee"]), input, ct);

    /// <summary>HR sets the PIN of someone in their scope who has no login of their own (those with one set their own).</summary>
    public async Task SetForAsync(Guid employeeId, PinInput input, CancellationToken ct)
    {
        if (!await organization.EmployeeVisibleAsync(employeeId, ct))
        {
            throw new NotFoundException("employee");
        }

        if (await db.Database.SqlQuery<bool>($"SELECT EXISTS (SELECT 1 FROM auth.app_user WHERE employee_id = {employeeId} AND active) AS \"Value\"").SingleAsync(ct))
        {
            throw new RuleViolationException("has_login", t["pin.has_login"]);
        }

        await SaveAsync(employeeId, input, ct);
    }

    private async Task SaveAsync(Guid employeeId, PinInput input, CancellationToken ct)
    {
        var pin = input.Pin?.Trim();
        if (pin is not { Length: >= 4 and <= 8 } || !pin.All(char.IsAsciiDigit) || pin.Distinct().Count() == 1)
        {
            new Validation().Add("pin", t["pin.invalid"]).ThrowIfInvalid();
        }

        var row = await db.Set<KioskPin>().FirstOrDefaultAsync(p => p.Id == employeeId, ct);
        if (row is null)
        {
            row = new KioskPin { Id = employeeId, PinHash = "" };
            db.Add(row);
        }

        row.PinHash = hasher.HashPassword(row, pin!);
        row.SetAt = clock.GetUtcNow();
        row.FailedAttempts = 0;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Null when the PIN is right; otherwise the reason code (no PIN set, locked, wrong).</summary>
    public async Task<string?> CheckAsync(Guid employeeId, string pin, CancellationToken ct)
    {
        var row = await db.Set<KioskPin>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == employeeId, ct);
        if (row is null)
        {
            return "pin_not_set";
        }

        if (row.FailedAttempts >= MaxFailures)
        {
            return "pin_locked";
        }

        // The failure counter changes in one statement, so simultaneous wrong entries from several kiosks all count.
        if (hasher.VerifyHashedPassword(row, row.PinHash, pin.Trim()) != PasswordVerificationResult.Failed)
        {
            await db.Set<KioskPin>().Where(p => p.Id == employeeId && p.FailedAttempts > 0).ExecuteUpdateAsync(u => u.SetProperty(p => p.FailedAttempts, 0), ct);
            return null;
        }

        var failures = await db.Set<KioskPin>().Where(p => p.Id == employeeId)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.FailedAttempts, p => p.FailedAttempts + 1), ct) > 0
            ? await db.Set<KioskPin>().AsNoTracking().Where(p => p.Id == employeeId).Select(p => p.FailedAttempts).FirstAsync(ct)
            : 0;
        return failures >= MaxFailures ? "pin_locked" : "pin_wrong";
    }
}
