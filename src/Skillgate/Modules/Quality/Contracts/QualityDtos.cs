using System.ComponentModel.DataAnnotations;

namespace Skillgate.Modules.Quality.Contracts;

/// <summary>Who worked an operation of a batch, and when (from MES). Employees by number, lines and operations by code.</summary>
public sealed record OperationRecordInput(
    string? ExternalId, string? Batch, string? Product, string? Line, string? Operation, string? WorkCentre, string? EmployeeNo, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt);

/// <summary>Units produced on a day; reworked and first-pass good (default: produced − reworked) feed rework rate and first-pass yield.</summary>
public sealed record CountInput(
    string? ExternalId, string? Batch, string? Product, string? Line, string? Operation, string? EmployeeNo, DateOnly? ProducedOn, int? Produced, int? Reworked, int? FirstPassGood);

/// <summary>
/// Defective units of one type; cause is the 5M1E category: man, machine, material, method, measurement, environment. When it
/// was found: foundAt (an instant with its offset), foundOn (the line's local day), or both if they agree; foundAt counts on
/// the local day in the line's time zone.
/// </summary>
public sealed record DefectInput(
    string? ExternalId, string? Batch, string? Line, string? Operation, string? DefectType, int? Quantity, [property: AllowedValues("man", "machine", "material", "method", "measurement", "environment")] string? Cause, string? EmployeeNo, DateOnly? FoundOn,
    DateTimeOffset? FoundAt = null);

/// <summary>A raw-material lot bought by a purchasing unit (org unit code) and its incoming inspection: received, inspected and rejected quantities.</summary>
public sealed record MaterialLotInput(
    string? ExternalId, string? Code, string? Material, string? Supplier, string? OrgUnit, DateOnly? ReceivedOn, int? Received, int? Inspected, int? Rejected);

/// <summary>Equipment downtime on a line (org unit code) from the maintenance system: the record code QA names as evidence that a defect came from a machine.</summary>
public sealed record DowntimeInput(string? ExternalId, string? Code, string? Equipment, string? Line, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? Reason);

/// <summary>An inspector (employee number) released a known batch on a day; defects found on it afterwards and complaints about it count as missed inspections.</summary>
public sealed record BatchReleaseInput(string? ExternalId, string? Batch, string? EmployeeNo, DateOnly? ReleasedOn, int? Quantity);

/// <summary>A QA audit nonconformity against a clause (e.g. ISO 9001:2015 8.5.1) in a department (org unit code).</summary>
public sealed record FindingInput(
    string? ExternalId, string? Audit, string? Clause, string? Nonconformity, string? OrgUnit, [property: AllowedValues("minor", "major", "critical")] string? Severity, DateOnly? FoundOn);

public sealed record ComplaintInput(string? ExternalId, string? Customer, string? Batch, string? DefectType, string? Description, [property: AllowedValues("minor", "major", "critical")] string? Severity, DateOnly? ReceivedOn);

/// <summary>What an ingestion stored: records already known by their external id are counted as duplicates and left as they were.</summary>
/// <summary>What an ingestion did; a file's warnings name note lines under its table that were left out.</summary>
public sealed record IngestResult(string Kind, int Received, int Stored, int Duplicates, IReadOnlyList<string>? Warnings = null);

/// <summary>A defect rate series point: defective units of the given types over units produced in the period.</summary>
public sealed record RatePoint(DateOnly Period, long Defects, long Produced)
{
    public double Rate => Produced == 0 ? 0 : (double)Defects / Produced;
}

/// <summary>A line's defect series for one defect type, and the operations those defects were found at.</summary>
public sealed record LineDefectSeries(Guid LineId, string LineCode, string LineName, string DefectType, IReadOnlyList<RatePoint> Points, IReadOnlyList<Guid> OperationIds);

/// <summary>A unit's supervision checks on a checklist in one period: how many failed of those performed.</summary>
public sealed record CheckRatePoint(DateOnly Period, long Failed, long Checked)
{
    public double Rate => Checked == 0 ? 0 : (double)Failed / Checked;
}

/// <summary>The failure series of one checklist's checks in one unit (the checked person's unit at the check).</summary>
public sealed record UnitCheckSeries(
    Guid UnitId, string UnitCode, string UnitName, Guid ChecklistId, string ChecklistCode, string ChecklistTitle, IReadOnlyList<CheckRatePoint> Points);

/// <summary>Quality data as the needs analysis reads it.</summary>
public interface IQualitySignals
{
    /// <summary>Defect-rate series per line and defect type (only the given types), by week or month, for the periods from <paramref name="from"/>.</summary>
    Task<IReadOnlyList<LineDefectSeries>> DefectSeriesAsync(IReadOnlyCollection<string> defectTypes, string period, DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>Employees who worked the line (optionally only these operations) between the dates.</summary>
    Task<IReadOnlyList<Guid>> LineOperatorsAsync(Guid lineId, IReadOnlyCollection<Guid> operationIds, DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>Employees who worked operations of the unit's subtree between the dates, or are assigned to one now.</summary>
    Task<IReadOnlyList<Guid>> UnitOperatorsAsync(Guid orgUnitId, DateOnly from, DateOnly to, CancellationToken ct);

    Task<IReadOnlyList<FindingDto>> FindingsAsync(DateOnly from, DateOnly to, CancellationToken ct);

    Task<IReadOnlyList<ComplaintDto>> ComplaintsAsync(DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>Employees who worked the batches (for complaints: the operators of the complained-about batches).</summary>
    Task<IReadOnlyList<Guid>> BatchOperatorsAsync(IReadOnlyCollection<Guid> batchIds, CancellationToken ct);

    /// <summary>
    /// Supervision-check failure series per unit and checklist (only the checklists with these codes), by week or month, for the
    /// periods from <paramref name="from"/>'s to <paramref name="to"/>'s, every period present (zero when nothing was checked).
    /// </summary>
    Task<IReadOnlyList<UnitCheckSeries>> CheckFailureSeriesAsync(IReadOnlyCollection<string> checklistCodes, string period, DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>The active people now in the unit's subtree who were checked on the checklist in the unit between the dates.</summary>
    Task<IReadOnlyList<Guid>> CheckedPeopleAsync(Guid orgUnitId, Guid checklistId, DateOnly from, DateOnly to, CancellationToken ct);
}

public sealed record FindingDto(Guid Id, string ExternalId, string Audit, string Clause, string Nonconformity, Guid OrgUnitId, string OrgUnitName, string Severity, DateOnly FoundOn);

public sealed record ComplaintDto(
    Guid Id, string ExternalId, string Customer, Guid? BatchId, string? BatchCode, Guid? LineId, string DefectType, string Description, string Severity, DateOnly ReceivedOn);

public sealed record BatchTrace(
    Guid Id, string Code, string Product, string? LineCode, string? LineName, IReadOnlyList<TracedOperation> Operations,
    IReadOnlyList<TracedDefect> Defects, IReadOnlyList<ComplaintDto> Complaints);

/// <summary>An operation of the trace with the operator's standing at that moment (from the qualification history) and the checks covering them.</summary>
public sealed record TracedOperation(
    Guid Id, string? BatchCode, string OperationCode, string OperationName, string? WorkCentre, Guid EmployeeId, string EmployeeNo, string EmployeeName,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, bool QualifiedThen, string? OverrideThen, IReadOnlyList<TracedRequirement> Requirements, IReadOnlyList<TracedCheck> Checks);

/// <summary>A requirement as it stood then; RevokedOn/RevokedReason: the completion it stood on was revoked afterwards.</summary>
public sealed record TracedRequirement(string Requirement, string Status, string? TrainedOnVersion, DateOnly? RevokedOn = null, string? RevokedReason = null);

public sealed record TracedCheck(Guid Id, string Checklist, DateTimeOffset PerformedAt, bool Passed, string PerformedBy);

public sealed record TracedDefect(string? BatchCode, string DefectType, int Quantity, string Cause, string? OperationCode, string? EmployeeNo, string? EmployeeName, DateOnly FoundOn);

public sealed record EmployeeTrace(
    Guid EmployeeId, string EmployeeNo, string Name, string OrgUnitName, DateOnly From, DateOnly To, IReadOnlyList<TracedOperation> Operations,
    IReadOnlyList<TracedTraining> Trainings, IReadOnlyList<TracedCheck> Checks, IReadOnlyList<TracedDefect> Defects);

public sealed record TracedTraining(string Document, DateOnly CompletedOn, string Result, string Source);

/// <summary>A row of the data page: a stored record of any kind in one shape (what, where, who, when, how many).</summary>
public sealed record QualityRecordRow(Guid Id, string ExternalId, string? Batch, string Where, string What, string? Who, DateTimeOffset At, long? Quantity);

public sealed record ChecklistInput(string Code, string Title, string? Operation, IReadOnlyList<string> Items);

public sealed record ChecklistDto(Guid Id, string Code, string Title, Guid? OperationId, string? OperationCode, IReadOnlyList<string> Items, bool Active);

/// <summary>One checked item: passed or not, a comment, and optionally a photo stored through /api/v1/files.</summary>
/// <summary>One checklist item's result: <paramref name="Passed"/> must be chosen (true or false) for every item.</summary>
public sealed record CheckItemInput(bool? Passed, string? Comment, Guid? PhotoFileId);

/// <summary>A supervision check of an employee against a checklist (one result per item, in order); raiseNeed turns failed items into a training need.</summary>
public sealed record CheckInput(Guid ChecklistId, string? EmployeeNo, string? Batch, IReadOnlyList<CheckItemInput> Items, string? Comment, bool RaiseNeed);

public sealed record CheckItemResult(string Item, bool Passed, string? Comment, Guid? PhotoFileId);

public sealed record CheckDto(
    Guid Id, Guid ChecklistId, string Checklist, Guid EmployeeId, string EmployeeNo, string EmployeeName, string? Batch, string PerformedBy, DateTimeOffset PerformedAt,
    bool Passed, string Comment, IReadOnlyList<CheckItemResult> Items);

/// <summary>Quality of a line, operation, team or employee in one period: defect rate (and ppm), rework rate, first-pass yield.</summary>
public sealed record MetricRow(Guid GroupId, string Group, DateOnly Period, long Produced, long Defects, long Reworked, long FirstPassGood)
{
    public double DefectRate => Produced == 0 ? 0 : (double)Defects / Produced;

    public double Ppm => DefectRate * 1_000_000;

    public double ReworkRate => Produced == 0 ? 0 : (double)Reworked / Produced;

    public double FirstPassYield => Produced == 0 ? 0 : (double)FirstPassGood / Produced;
}

/// <summary>A p-chart point: the group's defect proportion in a period, centre line, 3σ limits and the Western Electric rules it breaks.</summary>
/// <summary>A point of a p-chart; <paramref name="InBaseline"/> marks the periods (phase I) whose proportion set the limits.</summary>
public sealed record ControlPoint(DateOnly Period, long Produced, long Defects, double P, double Center, double Lower, double Upper, IReadOnlyList<int> Rules, bool InBaseline);

/// <summary>A defect with the attribution in force now: its cause, whether the operator could control it, and otherwise the function that answers for it.</summary>
public sealed record DefectAttributionDto(
    Guid Id, string ExternalId, string Batch, string Line, string DefectType, int Quantity, DateOnly FoundOn, string? Employee, string RecordedCause, string Cause, bool Controllable,
    string? ResponsibleFunction, bool Decided, string? EvidenceKind, string? EvidenceRef, int Decisions, DateTimeOffset? FoundAt = null, Guid? LineId = null);

/// <summary>One of QA's decisions on a defect's cause, kept for good.</summary>
public sealed record DefectCauseDto(
    Guid Id, string Cause, bool Controllable, string? ResponsibleFunction, string? EvidenceKind, string? EvidenceRef, string Note, string DecidedBy, DateTimeOffset DecidedAt);

public sealed record DefectAttributionDetail(DefectAttributionDto Defect, IReadOnlyList<DefectCauseDto> History);

/// <summary>
/// QA confirms or changes a defect's cause. Controllable and the responsible function default to the cause policy; evidence (a
/// material lot code, a supervision check id, a downtime or document reference) is required to take a defect off its operator.
/// </summary>
public sealed record AttributeInput(string? Cause, bool? Controllable, string? ResponsibleFunction, string? EvidenceKind, string? EvidenceRef, string? Note);

/// <summary>Production's dispute of a defect's attribution: the 5M1E cause it claims and why.</summary>
public sealed record DisputeInput(string? Cause, string? Reason);

/// <summary>A dispute about a defect: its DEFECT-DISPUTE workflow instance.</summary>
public sealed record DefectDisputeDto(Guid InstanceId, string Number, string Status, DateTimeOffset StartedAt, DateTimeOffset? ClosedAt);

public sealed record CausePolicyDto(string Cause, bool Controllable, string? ResponsibleFunction, DateTimeOffset ChangedAt, string ChangedBy);

public sealed record CausePolicyInput(string? Cause, bool? Controllable, string? ResponsibleFunction);
