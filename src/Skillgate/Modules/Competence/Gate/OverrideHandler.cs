using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Gate;

/// <summary>QA's temporary overrides of the gate: reason, expiry and an electronic signature, visible wherever the status is.</summary>
internal sealed class OverrideHandler(CompetenceDb db, IOrganizationDirectory organization, ESignatureService signatures, TimeProvider clock, Texts t)
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(90);

    public async Task<Guid> GrantAsync(OverrideInput input, CancellationToken ct)
    {
        var v = new Validation();
        if ((input.PositionId is null) == (input.OperationId is null))
        {
            v.Add("positionId", t["competence.requirement_target"]);
        }

        v.Require("reason", input.Reason, t["validation.required"]).MaxLength("reason", input.Reason, 500, t["validation.max_length", 500]);
        var now = clock.GetUtcNow();
        if (input.ExpiresAt <= now || input.ExpiresAt > now + MaxDuration)
        {
            v.Add("expiresAt", t["competence.override_expiry", (int)MaxDuration.TotalDays]);
        }

        v.ThrowIfInvalid();
        if (!await organization.EmployeeExistsAsync(input.EmployeeId, ct))
        {
            throw new NotFoundException("employee");
        }

        var id = Guid.CreateVersion7();
        var signature = await signatures.SignAsync(input.Password, input.Meaning, "override", id, ct);
        db.Add(new Override
        {
            Id = id, EmployeeId = input.EmployeeId, PositionId = input.PositionId, OperationId = input.OperationId, Reason = input.Reason.Trim(),
            ExpiresAt = input.ExpiresAt, GrantedBy = signature.UserId, GrantedAt = signature.SignedAt,
        });
        await db.SaveChangesAsync(ct);
        return id;
    }

    public async Task RevokeAsync(Guid id, CancellationToken ct)
    {
        var item = await db.Set<Override>().FirstOrDefaultAsync(o => o.Id == id && o.RevokedAt == null, ct) ?? throw new NotFoundException("override");
        item.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<OverrideDto>> ListAsync(Guid? employeeId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await (from o in db.Set<Override>().AsNoTracking()
                          join u in db.Set<AppUser>() on o.GrantedBy equals u.Id
                          where employeeId == null || o.EmployeeId == employeeId
                          orderby o.GrantedAt descending
                          select new { o, By = u.DisplayName }).Take(500).ToListAsync(ct);
        var operations = await db.Set<Operation>().ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var employees = await organization.EmployeeNumbersAsync(rows.Select(r => r.o.EmployeeId).ToList(), ct);

        return rows.Select(r => new OverrideDto(
            r.o.Id, r.o.EmployeeId, employees.GetValueOrDefault(r.o.EmployeeId, "?"), r.o.PositionId, r.o.OperationId,
            r.o.OperationId is { } op ? operations.GetValueOrDefault(op, "?") : t["competence.override_position"],
            r.o.Reason, r.o.ExpiresAt, r.By, r.o.GrantedAt, r.o.RevokedAt is null && r.o.ExpiresAt > now)).ToList();
    }
}
