using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Employees;

/// <summary>
/// An employee's lifecycle events (transfer, position change, leave, return, exit, rehire): each is appended to the history and
/// applied to the employee; a new post must pass the qualification gate, and the qualifications follow in the same transaction.
/// </summary>
internal sealed class EmployeeLifecycle(OrganizationDb db, EmployeeHandler employees, DataScope scope, IAssignmentGate gate, TimeProvider clock, Texts t)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Appends a lifecycle event and applies it to the employee.</summary>
    public async Task<EmployeeDto> RecordEventAsync(Guid id, LifecycleEventInput input, CancellationToken ct)
    {
        var employee = await employees.LoadVisibleAsync(id, ct);
        var filter = await scope.GetAsync(ct);
        var v = new Validation();
        v.MaxLength("note", input.Note, 500, t["validation.max_length", 500]);
        if (!EmployeeEventKind.All.Contains(input.Kind) || input.Kind == EmployeeEventKind.Hire)
        {
            v.Add("kind", t["org.employee.event_kind_unknown"]);
        }

        var toUnit = employee.OrgUnitId;
        var toPosition = employee.PositionId;
        if (input.Kind == EmployeeEventKind.Transfer)
        {
            if (input.ToOrgUnitId is not { } unit || !filter.Covers(unit) || !await db.Set<OrgUnit>().AnyAsync(u => u.Id == unit && u.Active, ct))
            {
                v.Add("toOrgUnitId", t["org.unit.unknown"]);
            }
            else
            {
                toUnit = unit;
                toPosition = input.ToPositionId;
            }
        }

        if (input.Kind is EmployeeEventKind.PositionChange or EmployeeEventKind.Transfer && input.ToPositionId is { } pos)
        {
            if (!await db.Set<Position>().AnyAsync(p => p.Id == pos && p.Active, ct))
            {
                v.Add("toPositionId", t["org.position.unknown"]);
            }

            toPosition = pos;
        }
        else if (input.Kind == EmployeeEventKind.PositionChange)
        {
            v.Add("toPositionId", t["validation.required"]);
        }

        v.ThrowIfInvalid();
        var (allowedFrom, newStatus) = input.Kind switch
        {
            EmployeeEventKind.Leave => (new[] { EmployeeStatus.Active }, EmployeeStatus.OnLeave),
            EmployeeEventKind.Return => ([EmployeeStatus.OnLeave], EmployeeStatus.Active),
            EmployeeEventKind.Exit => ([EmployeeStatus.Active, EmployeeStatus.OnLeave], EmployeeStatus.Exited),
            EmployeeEventKind.Rehire => ([EmployeeStatus.Exited], EmployeeStatus.Active),
            _ => (new[] { EmployeeStatus.Active, EmployeeStatus.OnLeave }, employee.Status),
        };
        if (!allowedFrom.Contains(employee.Status))
        {
            throw new RuleViolationException("invalid_status_change", t["org.employee.invalid_event", t[OrganizationVocabularies.EmployeeEvent, input.Kind], t[OrganizationVocabularies.EmployeeStatus, employee.Status]]);
        }

        if (!TextRules.IsSaneDate(input.EffectiveOn, Today))
        {
            new Validation().Add("effectiveOn", t["validation.date_not_before_1900_or_beyond_next_year"]).ThrowIfInvalid();
        }

        if (input.EffectiveOn < employee.HireDate)
        {
            throw new RuleViolationException("before_hire", t["org.employee.event_before_hire"]);
        }

        if (toPosition is { } newPosition && newPosition != employee.PositionId && await gate.RefusalForPositionAsync(id, newPosition, ct) is { } refusal)
        {
            throw new RuleViolationException("not_qualified", refusal.Message, refusal.Details);
        }

        var postChanged = toPosition != employee.PositionId || newStatus != employee.Status;
        db.Entry(employee).Property(e => e.Version).OriginalValue = input.Version;
        db.Add(employees.NewEvent(id, input.Kind, input.EffectiveOn, employee.OrgUnitId, toUnit, employee.PositionId, toPosition, input.Note?.Trim()));
        employee.OrgUnitId = toUnit;
        employee.PositionId = toPosition;
        employee.Status = newStatus;
        await employees.SaveWithPositionChangeAsync(id, postChanged, ct);
        return await employees.GetAsync(id, ct);
    }
}
