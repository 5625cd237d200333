using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Training.Attendance;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Modules.Training.Faces;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Training.Kiosks;

/// <summary>
/// Shop-floor kiosks: registered by an administrator with a device token (shown once, stored hashed); they download the roster of
/// today's sessions and send the check-ins they took, also those queued while offline.
/// </summary>
internal sealed class KioskHandler(
    TrainingDb db, NpgsqlDataSource dataSource, AttendanceHandler attendance, FaceHandler faces, PinHandler pins, Evidence.PhotoHandler photos, AuditActor actor,
    Organization.Contracts.IOrganizationDirectory org, TimeProvider clock, Texts t)
{
    public const string Header = "X-Kiosk-Token";

    public async Task<IReadOnlyList<KioskDto>> ListAsync(CancellationToken ct) =>
        await db.Set<Kiosk>().AsNoTracking().OrderByDescending(k => k.Active).ThenBy(k => k.Name)
            .Select(k => new KioskDto(k.Id, k.Name, k.OrgUnitId, k.RequireProof, k.Active, k.CreatedAt, k.LastSeenAt)).ToListAsync(ct);

    public async Task<KioskCreated> RegisterAsync(KioskInput input, CancellationToken ct)
    {
        var v = new Validation().Require("name", input.Name, t["validation.required"]).MaxLength("name", input.Name, 100, t["validation.max_length", 100]);
        if (input.OrgUnitId is { } unit && !await org.AllOrgUnitsExistAsync([unit], ct))
        {
            v.Add("orgUnitId", t["org.unit.unknown"]);
        }

        v.ThrowIfInvalid();
        var id = Guid.CreateVersion7();
        var token = $"kt_{id:N}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant()}";
        var kiosk = new Kiosk { Id = id, Name = input.Name.Trim(), TokenHash = Hash(token), OrgUnitId = input.OrgUnitId, RequireProof = input.RequireProof, CreatedAt = clock.GetUtcNow() };
        db.Add(kiosk);
        await db.SaveChangesAsync(ct);
        return new KioskCreated(new KioskDto(kiosk.Id, kiosk.Name, kiosk.OrgUnitId, kiosk.RequireProof, true, kiosk.CreatedAt, null), token);
    }

    public async Task DeactivateAsync(Guid id, CancellationToken ct)
    {
        var kiosk = await db.Set<Kiosk>().FirstOrDefaultAsync(k => k.Id == id, ct) ?? throw new NotFoundException("kiosk");
        kiosk.Active = false;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The kiosk a request's token belongs to, or null (the endpoint answers 401).</summary>
    public async Task<Kiosk?> AuthenticateAsync(string? token, CancellationToken ct)
    {
        if (token is not { Length: > 40 and < 120 } || !token.StartsWith("kt_", StringComparison.Ordinal) || !Guid.TryParseExact(token.Substring(3, 32), "N", out var id))
        {
            return null;
        }

        var kiosk = await db.Set<Kiosk>().FirstOrDefaultAsync(k => k.Id == id && k.Active, ct);
        if (kiosk is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(kiosk.TokenHash), Encoding.ASCII.GetBytes(Hash(token))))
        {
            return null;
        }

        actor.ActAs(null, "kiosk:" + kiosk.Name);
        return kiosk;
    }

    /// <summary>Sessions from 12 hours ago to 12 hours ahead with their rosters, so the kiosk can check people in while offline.</summary>
    public async Task<IReadOnlyList<KioskSession>> SessionsAsync(Kiosk kiosk, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await SeenAsync(kiosk, ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var sessions = (await connection.QueryAsync<(Guid Id, string Title, DateTime StartsAt, DateTime EndsAt)>(new CommandDefinition(
            "SELECT id, title, starts_at, ends_at FROM training.session WHERE status = 'scheduled' AND starts_at < @to AND ends_at > @from ORDER BY starts_at",
            new { from = now.AddHours(-12), to = now.AddHours(12) }, cancellationToken: ct))).ToList();
        var roster = (await connection.QueryAsync<(Guid SessionId, string EmployeeNo, string Name)>(new CommandDefinition(
            """
            SELECT p.session_id, e.employee_no, e.name FROM training.participant p JOIN org.employee_v e ON e.id = p.employee_id
            WHERE p.session_id = ANY(@ids) AND p.status = 'invited' ORDER BY e.employee_no
            """, new { ids = sessions.Select(s => s.Id).ToArray() }, cancellationToken: ct))).ToLookup(r => r.SessionId);
        return sessions.Select(s => new KioskSession(s.Id, s.Title, Utc(s.StartsAt),
            Utc(s.EndsAt), roster[s.Id].Select(r => new KioskPerson(r.EmployeeNo, r.Name)).ToList())).ToList();
    }

    /// <summary>Records a batch of check-ins; each answers recorded, duplicate or rejected, so a sync can be repeated safely.</summary>
    public async Task<KioskSyncResult> SyncAsync(Kiosk kiosk, KioskSyncInput input, CancellationToken ct)
    {
        var items = input.CheckIns ?? [];
        if (items.Count > 500)
        {
            new Validation().Add("checkIns", t["training.sync_too_many"]).ThrowIfInvalid();
        }

        var sessionIds = items.Select(i => i.SessionId).Distinct().ToList();
        var sessions = await db.Set<Session>().AsNoTracking().Where(s => sessionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        // People are typed in by badge number, or (with their PIN) by mobile number: contractors and temporary workers often
        // have no badge. A mobile number two people share identifies nobody.
        var typed = items.Where(i => !string.IsNullOrWhiteSpace(i.EmployeeNo)).Select(i => i.EmployeeNo!.Trim()).Distinct().ToArray();
        var employees = (await connection.QueryAsync<(string Key, Guid Id, bool ByPhone)>(new CommandDefinition(
            """
            SELECT employee_no, id, false FROM org.employee_v WHERE employee_no = ANY(@typed)
            UNION ALL
            SELECT phone, min(id::text)::uuid, true FROM org.employee_v
            WHERE phone = ANY(@phones) AND status <> 'exited' AND NOT phone = ANY(SELECT employee_no FROM org.employee_v WHERE employee_no = ANY(@typed))
            GROUP BY phone HAVING count(*) = 1
            """,
            new { typed, phones = items.Where(i => !string.IsNullOrWhiteSpace(i.Pin) && !string.IsNullOrWhiteSpace(i.EmployeeNo)).Select(i => i.EmployeeNo!.Trim()).Distinct().ToArray() },
            cancellationToken: ct)))
            .ToDictionary(e => e.Key, e => (e.Id, e.ByPhone));
        // A replay answers "duplicate" before anything else is checked again (the PIN may have changed since, the session closed).
        var known = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT idempotency_key FROM training.attendance WHERE idempotency_key = ANY(@keys)",
            new { keys = items.Select(i => i.IdempotencyKey).OfType<string>().ToArray() }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var results = new List<KioskSyncItem>();
        var rosters = new Dictionary<Guid, List<Guid>>();
        foreach (var item in items)
        {
            results.Add(item.IdempotencyKey is { } key && known.Contains(key)
                ? new KioskSyncItem(key, "duplicate", null)
                : await SyncOneAsync(kiosk, item, sessions, employees, rosters, ct));
        }

        await SeenAsync(kiosk, ct);
        return new KioskSyncResult(results);
    }

    private async Task<KioskSyncItem> SyncOneAsync(
        Kiosk kiosk, KioskCheckIn item, Dictionary<Guid, Session> sessions, Dictionary<string, (Guid Id, bool ByPhone)> employees, Dictionary<Guid, List<Guid>> rosters, CancellationToken ct)
    {
        if (item.IdempotencyKey is not { Length: >= 8 and <= 64 } key || item.Kind is not ("in" or "out") || (string.IsNullOrWhiteSpace(item.EmployeeNo) && item.Face is null))
        {
            return new KioskSyncItem(item.IdempotencyKey ?? "", "rejected", t["training.sync_invalid"]);
        }

        if (sessions.GetValueOrDefault(item.SessionId) is not { } session)
        {
            return new KioskSyncItem(key, "rejected", t["training.sync_unknown_session"]);
        }

        var still = Still(item.Photo);
        if (item.Photo is not null && still is null)
        {
            return new KioskSyncItem(key, "rejected", t["kiosk.photo_invalid"]);
        }

        var (employee, method, refusal) = await IdentifyAsync(kiosk, item, session, employees, rosters, ct);
        if (employee is not { } who)
        {
            return new KioskSyncItem(key, "rejected", refusal);
        }

        try
        {
            var outcome = await attendance.RecordFromKioskAsync(session, who, item.Kind, method, item.At.ToUniversalTime(), kiosk.Id, key, ct);
            if (outcome == "recorded" && still is not null)
            {
                await photos.AddKioskCaptureAsync(session.Id, still, item.At.ToUniversalTime(), ct);
            }

            return new KioskSyncItem(key, outcome, null);
        }
        catch (RuleViolationException e)
        {
            db.ChangeTracker.Clear();
            return new KioskSyncItem(key, "rejected", e.Message);
        }
    }

    /// <summary>
    /// Who checked in, by face (matched among the session's roster), badge number or mobile number with the PIN, or badge number
    /// alone when the kiosk allows it.
    /// </summary>
    private async Task<(Guid? Employee, string Method, string? Refusal)> IdentifyAsync(
        Kiosk kiosk, KioskCheckIn item, Session session, Dictionary<string, (Guid Id, bool ByPhone)> employees, Dictionary<Guid, List<Guid>> rosters, CancellationToken ct)
    {
        if (item.Face is not null)
        {
            if (!rosters.TryGetValue(session.Id, out var roster))
            {
                rosters[session.Id] = roster = await db.Set<Participant>().Where(p => p.SessionId == session.Id && p.Status == "invited").Select(p => p.EmployeeId).ToListAsync(ct);
            }

            return await faces.IdentifyAsync(roster, item.Face, ct) is { } matched ? (matched, "kiosk_face", null) : (null, "", t["face.unknown"]);
        }

        if (!employees.TryGetValue(item.EmployeeNo!.Trim(), out var found))
        {
            return (null, "", t["learning.employee_unknown", item.EmployeeNo]);
        }

        var employee = found.Id;
        if (!string.IsNullOrWhiteSpace(item.Pin))
        {
            return await pins.CheckAsync(employee, item.Pin, ct) is { } wrong ? (null, "", t[TrainingVocabularies.PinRefusal, wrong]) : (employee, "kiosk_pin", null);
        }

        return kiosk.RequireProof ? (null, "", t["kiosk.proof_required"]) : (employee, "kiosk", null);
    }

    /// <summary>The camera still of a face check-in: a well-formed JPEG or PNG by content, at most 1 MB; null when it is not one.</summary>
    private static byte[]? Still(string? base64)
    {
        if (base64 is null || base64.Length > Evidence.PhotoHandler.KioskCaptureMaxBytes * 4 / 3 + 4)
        {
            return null;
        }

        var bytes = new byte[base64.Length * 3 / 4];
        return Convert.TryFromBase64String(base64, bytes, out var length)
               && Platform.Files.FileKinds.Detect(bytes.AsSpan(0, length)) is (Platform.Files.FileKinds.Jpeg or Platform.Files.FileKinds.Png) and var kind
               && Platform.Files.MediaCheck.IsWellFormed(kind, new MemoryStream(bytes, 0, length))
            ? bytes[..length]
            : null;
    }

    /// <summary>Heartbeat only, kept out of the audit trail.</summary>
    private async Task SeenAsync(Kiosk kiosk, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.Set<Kiosk>().Where(k => k.Id == kiosk.Id).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastSeenAt, now), ct);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))).ToLowerInvariant();
}
